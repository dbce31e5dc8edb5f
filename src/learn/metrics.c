/* metrics.c — continual-learning metrics and result output (Lopez-Paz & Ranzato, NeurIPS 2017;
 * Chaudhry et al., ECCV 2018). With R[i][j] the test accuracy on task j after training task i
 * (T tasks, rows 0..T−1):
 *   ACC = (1/T) Σ_j R[T−1][j]
 *   BWT = 1/(T−1) Σ_{j<T−1} (R[T−1][j] − R[j][j])
 *   forgetting = 1/(T−1) Σ_{j<T−1} (max_{j≤i<T−1} R[i][j] − R[T−1][j])
 * BWT and forgetting are 0 for a single task. Output: HDF5 group /learn, CSV of R, a text table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "metaspin/learn.h"

void ms_learn_metrics(const double *R, int n, double *acc, double *bwt, double *forgetting)
{
    const double *last = R + (size_t)(n - 1) * (size_t)n;
    double s = 0, b = 0, f = 0;
    for (int j = 0; j < n; j++) s += last[j];
    for (int j = 0; j < n - 1; j++) {
        b += last[j] - R[(size_t)j * n + j];
        double best = R[(size_t)j * n + j];
        for (int i = j + 1; i < n - 1; i++)
            if (R[(size_t)i * n + j] > best) best = R[(size_t)i * n + j];
        f += best - last[j];
    }
    *acc = s / n;
    *bwt = n > 1 ? b / (n - 1) : 0;
    *forgetting = n > 1 ? f / (n - 1) : 0;
}

int ms_learn_result_write(const ms_learn_result *r, hid_t loc, ms_error *err)
{
    int status;
    const int ne = r->n_rows == r->n_tasks ? r->n_tasks * r->epochs : r->epochs;
    hsize_t dR[2] = {(hsize_t)r->n_rows, (hsize_t)r->n_tasks}, dc[2] = {(hsize_t)ne, (hsize_t)r->n_tasks};
    hsize_t dl[1] = {(hsize_t)ne};
    MS_TRY(ms_h5_write_double(loc, "/learn/R", r->R, 2, dR, "", err));
    MS_TRY(ms_h5_attr_string(loc, "/learn/R", "meaning",
                             "test accuracy (fraction) on task j (column) after training task i (row)", err));
    MS_TRY(ms_h5_write_double(loc, "/learn/curve", r->curve, 2, dc, "", err));
    MS_TRY(ms_h5_write_double(loc, "/learn/loss", r->loss, 1, dl, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/acc", r->acc, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/bwt", r->bwt, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/forgetting", r->forgetting, "", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/seconds", r->seconds, "s", err));
    const ms_device_stats *d = &r->device;
    const int64_t counts[5] = {(int64_t)d->write_events, (int64_t)d->flips, (int64_t)d->gate_events,
                               (int64_t)d->reverse_gate_events, (int64_t)d->stuck_devices};
    hsize_t d5[1] = {5};
    MS_TRY(ms_h5_write_int64(loc, "/learn/device/events", counts, 1, d5, "", err));
    MS_TRY(ms_h5_attr_string(loc, "/learn/device/events", "columns",
                             "write_events,flips,gate_events,reverse_gate_events,stuck_devices", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/device/write_energy", d->write_energy, "J", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/device/gate_energy", d->gate_energy, "J", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/device/write_latency", d->write_latency, "s", err));
    MS_TRY(ms_h5_write_scalar(loc, "/learn/device/gate_latency", d->gate_latency, "s", err));
    return MS_OK;
fail:
    return status;
}

int ms_learn_result_csv(const ms_learn_result *r, const char *path, ms_error *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return MS_ERROR(err, MS_EIO, "train: cannot write '%s': %s", tmp, strerror(errno));
    fprintf(f, "after_task");
    for (int j = 0; j < r->n_tasks; j++) fprintf(f, ",task%d", j + 1);
    fprintf(f, "\n");
    for (int i = 0; i < r->n_rows; i++) {
        if (r->n_rows == r->n_tasks) fprintf(f, "%d", i + 1);
        else fprintf(f, "interleaved");
        for (int j = 0; j < r->n_tasks; j++) fprintf(f, ",%.6f", r->R[(size_t)i * r->n_tasks + j]);
        fprintf(f, "\n");
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        return MS_ERROR(err, MS_EIO, "train: cannot write '%s': %s", path, strerror(errno));
    return MS_OK;
}

void ms_learn_result_print(const ms_learn_result *r, void *stream)
{
    FILE *f = stream;
    fprintf(f, "accuracy (%%) on task j after training task i\n  after ");
    for (int j = 0; j < r->n_tasks; j++) fprintf(f, "  task%-2d", j + 1);
    fprintf(f, "\n");
    for (int i = 0; i < r->n_rows; i++) {
        if (r->n_rows == r->n_tasks) fprintf(f, "  %5d ", i + 1);
        else fprintf(f, "  all   ");
        for (int j = 0; j < r->n_tasks; j++) fprintf(f, "  %6.1f", 100 * r->R[(size_t)i * r->n_tasks + j]);
        fprintf(f, "\n");
    }
    fprintf(f, "ACC %.1f %%  BWT %+.1f %%  forgetting %.1f %%  (%.1f s)\n", 100 * r->acc, 100 * r->bwt,
            100 * r->forgetting, r->seconds);
    const ms_device_stats *d = &r->device;
    if (d->write_events || d->gate_events)
        fprintf(f, "device: %llu writes (%llu flips), %llu gate pulses (%llu reverse), %llu stuck; "
                   "energy write %.3g J gate %.3g J; latency write %.3g s gate %.3g s\n",
                (unsigned long long)d->write_events, (unsigned long long)d->flips,
                (unsigned long long)d->gate_events, (unsigned long long)d->reverse_gate_events,
                (unsigned long long)d->stuck_devices, d->write_energy, d->gate_energy,
                d->write_latency, d->gate_latency);
}
