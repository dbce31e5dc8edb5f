/* rule_device.c — the `device` rule (PHYSICS.md §5): every synapse is a magnetic device with a
 * binary magnetisation w ∈ {−1, +1} and a hidden ionic state h, driven through a device table.
 *
 * For a proposed Adam step Δ on synapse i (the change a real-valued weight would get):
 *   flip request  (Δ·w < 0, |Δ| ≥ write_threshold): a write pulse of amplitude
 *       a = a_min + (a_max − a_min) · min(1, |Δ| / amp_scale), quantised to the nearest grid node,
 *       times (1 + σ_c2c z) (cycle-to-cycle noise, clamped to the axis), flips w with probability
 *       P_sw(h + δh_i, a, t_p, T, direction); optionally a reverse gate pulse lowers h;
 *   reinforcement (Δ·w > 0, |Δ| ≥ gate_threshold): a gate pulse h ← h_after(h, V_G, t_G).
 *   retention: h ← h_rest + (h − h_rest) exp(−Δt / τ(h, T)) every update step of duration Δt.
 * δh_i ~ N(0, σ_d2d) is a frozen device-to-device offset; a fraction of devices is stuck (never
 * flips); each forward read returns the wrong sign with probability read_noise. Counts, energies
 * E_write(a, t_p), E_gate(V_G, t_G) and pulse durations of all events are accumulated.
 *
 * At fixed t_p, T, V_G and t_G the multilinear table is piecewise linear in h (nodes of the h
 * axis) and in a, so 1-D/2-D look-up tables built once at creation reproduce ms_table_lookup
 * exactly (checked in tests/check_learn.c) and keep the per-synapse work small.
 * Random numbers: stream = MS_RNG_DOMAIN(MS_RNG_DEVICE) + global synapse index, counter = update
 * step (one Philox call per synapse and step), so results are independent of the thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "metaspin/rng.h"
#include "learn_internal.h"
#include "net_internal.h"

struct ms_device {
    ms_device_opts o;
    ms_rng_key key;
    const ms_table *t;
    size_t nh, na;
    double *P;                 /* [2][na][nh] at (t_p, T) */
    double *h_fwd, *h_rev;     /* [nh] h_after at (V_G, t_G) and (V_rev, t_G); NULL if unused */
    double *tau;               /* [nh] retention time at T; NULL if unused */
    double *e_write;           /* [na] energy per write pulse at t_p */
    double e_gate, e_rev;
    int8_t *w[MS_LEARN_MAX_LAYERS];
    float *h[MS_LEARN_MAX_LAYERS], *dh[MS_LEARN_MAX_LAYERS];
    uint8_t *stuck[MS_LEARN_MAX_LAYERS];
    size_t n[MS_LEARN_MAX_LAYERS], offset[MS_LEARN_MAX_LAYERS];
    int n_layers;
    ms_device_stats stats;
};

/* Linear interpolation of a node table f[nh] at h (clamped to the axis). */
static double lut_h(const ms_table_axis *ax, const double *f, double h)
{
    if (ax->n == 1 || h <= ax->v[0]) return f[0];
    if (h >= ax->v[ax->n - 1]) return f[ax->n - 1];
    size_t k0 = 0, k1 = ax->n - 1;
    while (k1 - k0 > 1) { const size_t m = (k0 + k1) / 2; if (ax->v[m] <= h) k0 = m; else k1 = m; }
    const double t = (h - ax->v[k0]) / (ax->v[k1] - ax->v[k0]);
    return f[k0] + t * (f[k1] - f[k0]);
}

static int device_build_luts(ms_device *d, ms_error *err)
{
    const ms_table *t = d->t;
    const ms_device_opts *o = &d->o;
    int status = MS_OK;
    d->nh = t->h.n;
    d->na = t->amplitude.n;
    d->P = malloc(2 * d->na * d->nh * sizeof *d->P);
    d->e_write = calloc(d->na, sizeof *d->e_write);
    if (!d->P || !d->e_write) return MS_ERROR(err, MS_ENOMEM, "device: out of memory");
    for (int dir = 0; dir < 2; dir++)
        for (size_t a = 0; a < d->na; a++)
            for (size_t k = 0; k < d->nh; k++)
                MS_TRY(ms_table_lookup(t, t->h.v[k], t->amplitude.v[a], o->width, o->temperature, dir,
                                       &d->P[((size_t)dir * d->na + a) * d->nh + k], err));
    if (t->energy_write)
        for (size_t a = 0; a < d->na; a++)
            MS_TRY(ms_table_energy_write(t, t->amplitude.v[a], o->width, &d->e_write[a], err));
    const int gating = o->gate_threshold < INFINITY || o->reverse_gate;
    if (gating) {
        d->h_fwd = malloc(d->nh * sizeof *d->h_fwd);
        d->h_rev = malloc(d->nh * sizeof *d->h_rev);
        if (!d->h_fwd || !d->h_rev) return MS_ERROR(err, MS_ENOMEM, "device: out of memory");
        for (size_t k = 0; k < d->nh; k++) {
            MS_TRY(ms_table_gate(t, t->h.v[k], o->gate_voltage, o->gate_width, &d->h_fwd[k], err));
            if (o->reverse_gate)
                MS_TRY(ms_table_gate(t, t->h.v[k], o->reverse_voltage, o->gate_width, &d->h_rev[k], err));
        }
        if (t->energy_gate) {
            MS_TRY(ms_table_energy_gate(t, o->gate_voltage, o->gate_width, &d->e_gate, err));
            if (o->reverse_gate) MS_TRY(ms_table_energy_gate(t, o->reverse_voltage, o->gate_width, &d->e_rev, err));
        }
    }
    if (o->step_time > 0) {
        d->tau = malloc(d->nh * sizeof *d->tau);
        if (!d->tau) return MS_ERROR(err, MS_ENOMEM, "device: out of memory");
        for (size_t k = 0; k < d->nh; k++)
            MS_TRY(ms_table_retention(t, t->h.v[k], o->temperature, &d->tau[k], err));
    }
    return MS_OK;
fail:
    ms_error_prefix(err, "device rule");
    return status;
}

static int device_check(const ms_device_opts *o, ms_error *err)
{
    if (!o->table) return MS_ERROR(err, MS_EINPUT, "device rule: needs a device table (--table FILE or rule.table)");
    if (!(o->amp_scale > 0) || !(o->write_threshold >= 0) || !(o->gate_threshold >= 0) ||
        !(o->d2d_sigma >= 0) || !(o->c2c_sigma >= 0) || !(o->read_noise >= 0 && o->read_noise <= 0.5) ||
        !(o->stuck_fraction >= 0 && o->stuck_fraction <= 1) || !(o->step_time >= 0))
        return MS_ERROR(err, MS_EINPUT, "device rule: amp_scale > 0, thresholds and spreads >= 0, read_noise in [0, 0.5], stuck_fraction in [0, 1] needed");
    const ms_table_axis *h = &o->table->h;
    if (o->h_init < h->v[0] || o->h_init > h->v[h->n - 1])
        return MS_ERROR(err, MS_EINPUT, "device rule: h_init = %g outside the table's h axis [%g, %g]",
                        o->h_init, h->v[0], h->v[h->n - 1]);
    return MS_OK;
}

/* Per-synapse state: w from the network's initial binary weights, h = h_init, frozen offsets and
 * stuck flags drawn from (seed, MS_RNG_VARIATION + synapse index). */
static int device_init_state(ms_device *d, ms_bnn *net, uint64_t seed, ms_error *err)
{
    const ms_rng_key key = ms_rng_key_make(seed);
    size_t off = 0;
    for (int l = 0; l < d->n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l);
        d->n[l] = n;
        d->offset[l] = off;
        d->w[l] = malloc(n);
        d->h[l] = malloc(n * sizeof(float));
        d->dh[l] = malloc(n * sizeof(float));
        d->stuck[l] = malloc(n);
        if (!d->w[l] || !d->h[l] || !d->dh[l] || !d->stuck[l]) return MS_ERROR(err, MS_ENOMEM, "device: out of memory");
        for (size_t i = 0; i < n; i++) {
            double u[4], z[4];
            ms_rng_uniform4(key, MS_RNG_DOMAIN(MS_RNG_VARIATION) + off + i, 0, u);
            ms_rng_normal4(key, MS_RNG_DOMAIN(MS_RNG_VARIATION) + off + i, 1, z);
            d->w[l][i] = net->Wb[l][i] >= 0 ? 1 : -1;
            d->h[l][i] = (float)d->o.h_init;
            d->dh[l][i] = (float)(d->o.d2d_sigma * z[0]);
            d->stuck[l][i] = u[0] < d->o.stuck_fraction;
            d->stats.stuck_devices += d->stuck[l][i];
        }
        off += n;
    }
    return MS_OK;
}

int ms_device_create(ms_device **out, const ms_device_opts *o, ms_bnn *net, uint64_t seed, ms_error *err)
{
    *out = NULL;
    int status = device_check(o, err);
    if (status) return status;
    ms_device *d = calloc(1, sizeof *d);
    if (!d) return MS_ERROR(err, MS_ENOMEM, "device: out of memory");
    d->o = *o;
    d->t = o->table;
    d->key = ms_rng_key_make(seed);
    d->n_layers = ms_bnn_layers(net);
    status = device_build_luts(d, err);
    if (!status) status = device_init_state(d, net, seed, err);
    if (status) { ms_device_destroy(d); return status; }
    *out = d;
    return MS_OK;
}

void ms_device_destroy(ms_device *d)
{
    if (!d) return;
    for (int l = 0; l < MS_LEARN_MAX_LAYERS; l++) { free(d->w[l]); free(d->h[l]); free(d->dh[l]); free(d->stuck[l]); }
    free(d->P); free(d->h_fwd); free(d->h_rev); free(d->tau); free(d->e_write);
    free(d);
}

const ms_device_stats *ms_device_get_stats(const ms_device *d) { return &d->stats; }

/* Amplitude for a step of size s: linear map onto the axis, quantised to the nearest node. */
static size_t amp_node(const ms_device *d, double s)
{
    const ms_table_axis *a = &d->t->amplitude;
    const double x = a->v[0] + (a->v[a->n - 1] - a->v[0]) * fmin(1.0, s / d->o.amp_scale);
    size_t best = 0;
    for (size_t k = 1; k < a->n; k++)
        if (fabs(a->v[k] - x) < fabs(a->v[best] - x)) best = k;
    return best;
}

/* P_sw at amplitude node `an` jittered by relative noise (c2c), interpolated in a and h. */
static double device_p(const ms_device *d, int dir, size_t an, double jitter, double h, double *amp)
{
    const ms_table_axis *a = &d->t->amplitude;
    const double x = fmin(fmax(a->v[an] * (1 + jitter), a->v[0]), a->v[a->n - 1]);
    *amp = x;
    size_t k0 = a->n > 1 && an > a->n - 2 ? a->n - 2 : an;   /* lower node of the cell, <= n − 2 */
    while (k0 > 0 && a->v[k0] > x) k0--;
    while (a->n > 1 && k0 + 1 < a->n - 1 && a->v[k0 + 1] <= x) k0++;
    const size_t k1 = a->n > 1 ? k0 + 1 : k0;
    const double t = k1 > k0 ? (x - a->v[k0]) / (a->v[k1] - a->v[k0]) : 0;
    const double *P0 = d->P + ((size_t)dir * d->na + k0) * d->nh, *P1 = d->P + ((size_t)dir * d->na + k1) * d->nh;
    return (1 - t) * lut_h(&d->t->h, P0, h) + t * lut_h(&d->t->h, P1, h);
}

static double device_e_write(const ms_device *d, double amp)
{
    const ms_table_axis *a = &d->t->amplitude;
    return lut_h(a, d->e_write, amp);   /* linear in amplitude on the node table */
}

typedef struct dev_acc { uint64_t writes, flips, gates, revs; double ew, eg; } dev_acc;

/* One synapse: flip request or consolidation, then retention. */
static void device_synapse(ms_device *d, int l, size_t i, float step, uint64_t counter, dev_acc *acc)
{
    const ms_device_opts *o = &d->o;
    const ms_table_axis *ha = &d->t->h;
    int8_t *w = &d->w[l][i];
    float *h = &d->h[l][i];
    const double s = fabs((double)step);
    const double hlo = ha->v[0], hhi = ha->v[ha->n - 1];
    if (step * (float)*w < 0 && s >= o->write_threshold) {
        double u[4];
        ms_rng_uniform4(d->key, MS_RNG_DOMAIN(MS_RNG_DEVICE) + d->offset[l] + i, counter, u);
        const double z = o->c2c_sigma > 0 ? sqrt(-2 * log(u[1])) * cos(2 * M_PI * u[2]) : 0;
        const double heff = fmin(fmax(*h + d->dh[l][i], hlo), hhi);
        double amp;
        const int dir = *w < 0 ? MS_TABLE_TO_PLUS : MS_TABLE_TO_MINUS;
        const double p = device_p(d, dir, amp_node(d, s), o->c2c_sigma * z, heff, &amp);
        acc->writes++;
        acc->ew += d->t->energy_write ? device_e_write(d, amp) : 0;
        if (!d->stuck[l][i] && u[0] < p) { *w = (int8_t)-*w; acc->flips++; }
        if (o->reverse_gate) {
            *h = (float)lut_h(ha, d->h_rev, *h);
            acc->revs++;
            acc->eg += d->e_rev;
        }
    } else if (step * (float)*w > 0 && s >= o->gate_threshold && d->h_fwd) {
        *h = (float)lut_h(ha, d->h_fwd, *h);
        acc->gates++;
        acc->eg += d->e_gate;
    }
    if (d->tau) {
        const double tau = lut_h(ha, d->tau, *h);
        *h = (float)(d->t->h_rest + (*h - d->t->h_rest) * exp(-o->step_time / tau));
    }
}

int ms_device_update(ms_device *d, ms_bnn *net, int l, const float *step_w, uint64_t step, ms_error *err)
{
    const size_t n = d->n[l];
    uint64_t writes = 0, flips = 0, gates = 0, revs = 0;
    double ew = 0, eg = 0;
    const double rn = d->o.read_noise;
    float *Wb = net->Wb[l];
#pragma omp parallel for schedule(static) num_threads(n >= 16384 ? net->threads : 1) \
    reduction(+ : writes, flips, gates, revs, ew, eg)
    for (size_t i = 0; i < n; i++) {
        dev_acc acc = {0};
        device_synapse(d, l, i, step_w[i], 2 * step, &acc);
        writes += acc.writes; flips += acc.flips; gates += acc.gates; revs += acc.revs;
        ew += acc.ew; eg += acc.eg;
        float wv = d->w[l][i];
        if (rn > 0) {
            double u[4];
            ms_rng_uniform4(d->key, MS_RNG_DOMAIN(MS_RNG_DEVICE) + d->offset[l] + i, 2 * step + 1, u);
            if (u[0] < rn) wv = -wv;
        }
        Wb[i] = wv;
        net->W[l][i] = wv * d->h[l][i];   /* for inspection: signed hidden state */
    }
    ms_device_stats *s = &d->stats;
    s->write_events += writes;
    s->flips += flips;
    s->gate_events += gates + revs;
    s->reverse_gate_events += revs;
    s->write_energy += ew;
    s->gate_energy += eg;
    s->write_latency += (double)writes * d->o.width;
    s->gate_latency += (double)(gates + revs) * d->o.gate_width;
    (void)err;
    return MS_OK;
}
