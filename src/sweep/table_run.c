/* table_run.c — device-table generation on the work runner: one work unit per table point
 * (ms_tablegen_point_run), so tables get checkpoints, resume, --part splits and MPI dealing from
 * work.c / mpi.c. The macrospin batch is created once per process and reused for every point. */
#include "metaspin/sweep.h"
#include "metaspin/tablegen.h"

uint64_t ms_table_job_fingerprint(const char *config_text, uint64_t seed, int part_index, int part_count)
{
    uint64_t h = ms_hash_string(0, "metaspin table v1");
    h = ms_hash_string(h, config_text);
    h = ms_hash_bytes(h, &seed, sizeof seed);
    h = ms_hash_bytes(h, &part_index, sizeof part_index);
    return ms_hash_bytes(h, &part_count, sizeof part_count);
}

static int point_unit(void *user, size_t unit, double *record, ms_error *err)
{
    return ms_tablegen_point_run(user, unit, record, err);
}

int ms_sweep_table_run(const ms_tablegen_spec *spec, const ms_table_job *job, ms_ctx *ctx, double *records,
                       uint8_t *done, int *is_root, ms_error *err)
{
    ms_tablegen *tg = NULL;
    *is_root = 1;
    int status = ms_tablegen_create(&tg, spec, ctx, err);
    if (status)
        return status;
    const ms_work w = {
        .n_units = ms_tablegen_spec_points(spec),
        .record_len = MS_TABLEGEN_RECORD,
        .compute = point_unit,
        .user = tg,
        .checkpoint = job->checkpoint,
        .fingerprint = job->fingerprint,
        .resume = job->resume,
        .part_index = job->part_index,
        .part_count = job->part_count,
        .label = "table",
    };
    status = ms_work_run(&w, records, done, is_root, ctx, err);
    ms_tablegen_destroy(tg);
    return status;
}
