/* keys.c — the configuration of `metaspin train` (keys data.*, train.*, network.*, rule.*) and its
 * translation into data sets, task streams and ms_learn_opts. Defaults reproduce the reference
 * setting of issue 8: 784-1024-1024-10, batch 100, Adam lr 0.005, W_h ~ U(−0.05, 0.05), three
 * permuted Fashion-MNIST tasks of 2 epochs (task 1 unpermuted), BatchNorm on batch statistics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"

#define Q MS_KEY_QUANTITY
#define I MS_KEY_INT
#define B MS_KEY_BOOL
#define S MS_KEY_STRING
#define C MS_KEY_CHOICE
#define L MS_KEY_LIST

const ms_key ms_learn_keys[] = {
    {"data.kind", C, "", "idx", NULL, "idx|csv", "data format: idx (MNIST-format folder) or csv (numeric table)"},
    {"data.dir", S, "", "data/fashion-mnist", NULL, NULL, "idx: folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]"},
    {"data.sequence", S, "", "", NULL, NULL, "train.tasks = sequence: comma-separated idx folders, one task each"},
    {"data.csv", S, "", "data/breast-cancer/breast_cancer.csv", NULL, NULL, "csv: the table file"},
    {"data.csv_header", I, "", "1", "[0, 1000]", NULL, "csv: header lines to skip"},
    {"data.label_column", I, "", "-1", NULL, NULL, "csv: label column (0-based; negative counts from the end)"},
    {"data.test_fraction", Q, "", "0.2", "(0, 1)", NULL, "csv: fraction of rows held out for testing (seeded split)"},
    {"data.standardize", B, "", "false", NULL, NULL, "standardise features with training-set mean and deviation"},
    {"data.max_train", I, "", "0", "[0, inf)", NULL, "use only the first N training rows per set (0 = all)"},
    {"data.max_test", I, "", "0", "[0, inf)", NULL, "use only the first N test rows per set (0 = all)"},
    {"train.tasks", C, "", "permuted", NULL, "permuted|split|sequence", "task stream"},
    {"train.n_tasks", I, "", "3", "[1, 1000]", NULL, "permuted: number of tasks"},
    {"train.first_unpermuted", B, "", "true", NULL, NULL, "permuted: task 1 uses the original feature order"},
    {"train.classes_per_task", I, "", "2", "[1, 256]", NULL, "split: classes per task"},
    {"train.interleaved", B, "", "false", NULL, NULL, "train on all tasks at once (non-sequential reference)"},
    {"train.epochs", I, "", "2", "[1, 100000]", NULL, "epochs per task (interleaved: passes over all tasks)"},
    {"train.batch", I, "", "100", "[2, 100000]", NULL, "mini-batch size"},
    {"train.eval_batch", I, "", "1000", "[2, 100000]", NULL, "test batch size (BatchNorm uses its statistics)"},
    {"train.max_eval", I, "", "0", "[0, inf)", NULL, "test on at most N rows per task (0 = all)"},
    {"network.hidden", L, "", "[1024, 1024]", "[1, 1000000]", NULL, "hidden layer widths"},
    {"network.init_range", Q, "", "0.05", "(0, inf)", NULL, "hidden weights W_h ~ U(-a, a)"},
    {"network.bn_eps", Q, "", "1e-5", "(0, 1)", NULL, "BatchNorm epsilon"},
    {"network.bn_eval", C, "", "batch", NULL, "batch|running", "BatchNorm statistics at test time"},
    {"network.per_task_bn", B, "", "false", NULL, NULL, "BatchNorm parameters and statistics per task (needs task identity)"},
    {"rule.name", C, "", "meta", NULL, "adam|meta|device", "learning rule"},
    {"rule.lr", Q, "", "0.005", "(0, inf)", NULL, "Adam learning rate"},
    {"rule.beta1", Q, "", "0.9", "[0, 1)", NULL, "Adam beta1"},
    {"rule.beta2", Q, "", "0.999", "[0, 1)", NULL, "Adam beta2"},
    {"rule.eps", Q, "", "1e-8", "(0, inf)", NULL, "Adam epsilon"},
    {"rule.weight_decay", Q, "", "0", "[0, inf)", NULL, "meta: L2 weight decay on W_h"},
    {"rule.meta", Q, "", "1.35", "[0, inf)", NULL, "meta: m of f_meta = 1 - tanh^2(m |W_h|)"},
    {"rule.meta_layers", L, "", "[]", "[0, inf)", NULL, "meta: m per layer (overrides rule.meta where given)"},
    {"rule.reset_state", B, "", "true", NULL, NULL, "reset the optimiser state at each task boundary"},
    {"rule.table", S, "", "", NULL, NULL, "device: device table file (or --table)"},
    {"rule.width", Q, "s", "10 ns", "(0, inf)", NULL, "device: write pulse width"},
    {"rule.temperature", Q, "K", "300 K", "(0, inf)", NULL, "device: operating temperature"},
    {"rule.write_threshold", Q, "", "0.002", "[0, inf)", NULL, "device: |Adam step| needed to attempt a flip"},
    {"rule.amp_scale", Q, "", "0.005", "(0, inf)", NULL, "device: |Adam step| mapped to the largest write amplitude"},
    {"rule.gate_voltage", Q, "V", "1 V", NULL, NULL, "device: consolidating gate pulse voltage"},
    {"rule.gate_width", Q, "s", "1 ms", "(0, inf)", NULL, "device: gate pulse width"},
    {"rule.gate_threshold", Q, "", "0.002", "[0, inf)", NULL, "device: |Adam step| of a reinforcing update that triggers a gate pulse"},
    {"rule.reverse_gate", B, "", "false", NULL, NULL, "device: reverse gate pulse on every flip request"},
    {"rule.reverse_voltage", Q, "V", "-1 V", NULL, NULL, "device: reverse gate voltage"},
    {"rule.step_time", Q, "s", "0 s", "[0, inf)", NULL, "device: time per update step for retention (0: no relaxation)"},
    {"rule.h_init", Q, "", "0", NULL, NULL, "device: initial hidden state (when not given: the smallest h of the table)"},
    {"rule.d2d_sigma", Q, "", "0", "[0, inf)", NULL, "device: device-to-device spread of h (h units)"},
    {"rule.c2c_sigma", Q, "", "0", "[0, inf)", NULL, "device: cycle-to-cycle relative spread of the write amplitude"},
    {"rule.read_noise", Q, "", "0", "[0, 0.5]", NULL, "device: probability that a read returns the wrong sign"},
    {"rule.stuck_fraction", Q, "", "0", "[0, 1]", NULL, "device: fraction of devices stuck in their initial state"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL}};

static void truncate_set(ms_dataset *d, long max)
{
    if (max > 0 && (size_t)max < d->n) d->n = (size_t)max;
}

/* Load the data sets: pairs (train, test) appended to sets[]. */
static int load_sets(const ms_config *cfg, ms_dataset **sets, int *n, ms_error *err)
{
    int status = MS_OK;
    const char *kind = ms_config_get_string(cfg, "data.kind");
    const char *tasks = ms_config_get_string(cfg, "train.tasks");
    if (!strcmp(kind, "csv")) {
        ms_dataset *all = NULL;
        status = ms_learn_csv_read(ms_config_get_string(cfg, "data.csv"), (int)ms_config_get_int(cfg, "data.csv_header"),
                                   (int)ms_config_get_int(cfg, "data.label_column"), &all, err);
        if (status) return status;
        status = ms_dataset_split(all, 0, ms_config_get(cfg, "data.test_fraction"), 0x5eed, &sets[0], NULL,
                                  &sets[1], err);
        ms_dataset_destroy(all);
        if (!status) *n = 2;
    } else if (!strcmp(tasks, "sequence")) {
        char list[4096];
        snprintf(list, sizeof list, "%s", ms_config_get_string(cfg, "data.sequence"));
        if (!list[0]) return ms_config_error(cfg, err, "data.sequence", "train.tasks = sequence needs comma-separated idx folders");
        char *save = NULL;
        for (char *tok = strtok_r(list, ",", &save); tok && *n < 64; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            status = ms_learn_idx_dir_read(tok, &sets[*n], &sets[*n + 1], err);
            if (status) return status;
            *n += 2;
        }
    } else {
        status = ms_learn_idx_dir_read(ms_config_get_string(cfg, "data.dir"), &sets[0], &sets[1], err);
        if (!status) *n = 2;
    }
    for (int k = 0; k < *n; k += 2) {
        truncate_set(sets[k], ms_config_get_int(cfg, "data.max_train"));
        truncate_set(sets[k + 1], ms_config_get_int(cfg, "data.max_test"));
        if (ms_config_get_bool(cfg, "data.standardize")) ms_dataset_standardize(sets[k], &sets[k + 1], 1);
    }
    return status;
}

int ms_learn_tasks_from_config(const ms_config *cfg, ms_tasks **tasks, ms_dataset ***sets_out,
                               int *n_sets, ms_error *err)
{
    *tasks = NULL;
    *n_sets = 0;
    ms_dataset **sets = calloc(130, sizeof *sets);
    if (!sets) return MS_ERROR(err, MS_ENOMEM, "train: out of memory");
    *sets_out = sets;
    int status = load_sets(cfg, sets, n_sets, err);
    if (status) return status;
    const char *kind = ms_config_get_string(cfg, "train.tasks");
    if (!strcmp(kind, "permuted"))
        return ms_learn_tasks_permuted(sets[0], sets[1], (int)ms_config_get_int(cfg, "train.n_tasks"),
                                       ms_config_get_bool(cfg, "train.first_unpermuted"), 0x9e3779b9u, tasks, err);
    if (!strcmp(kind, "split"))
        return ms_learn_tasks_split(sets[0], sets[1], (int)ms_config_get_int(cfg, "train.classes_per_task"), tasks, err);
    const ms_dataset *tr[64], *te[64];
    for (int k = 0; k < *n_sets / 2; k++) { tr[k] = sets[2 * k]; te[k] = sets[2 * k + 1]; }
    return ms_learn_tasks_sequence(tr, te, *n_sets / 2, tasks, err);
}

static void device_opts_from_config(const ms_config *cfg, const ms_table *table, ms_device_opts *d)
{
    d->table = table;
    d->width = ms_config_get(cfg, "rule.width");
    d->temperature = ms_config_get(cfg, "rule.temperature");
    d->write_threshold = ms_config_get(cfg, "rule.write_threshold");
    d->amp_scale = ms_config_get(cfg, "rule.amp_scale");
    d->gate_voltage = ms_config_get(cfg, "rule.gate_voltage");
    d->gate_width = ms_config_get(cfg, "rule.gate_width");
    d->gate_threshold = ms_config_get(cfg, "rule.gate_threshold");
    d->reverse_gate = ms_config_get_bool(cfg, "rule.reverse_gate");
    d->reverse_voltage = ms_config_get(cfg, "rule.reverse_voltage");
    d->step_time = ms_config_get(cfg, "rule.step_time");
    d->h_init = ms_config_get(cfg, "rule.h_init");
    if (!ms_config_given(cfg, "rule.h_init") && table) d->h_init = table->h.v[0];
    d->d2d_sigma = ms_config_get(cfg, "rule.d2d_sigma");
    d->c2c_sigma = ms_config_get(cfg, "rule.c2c_sigma");
    d->read_noise = ms_config_get(cfg, "rule.read_noise");
    d->stuck_fraction = ms_config_get(cfg, "rule.stuck_fraction");
}

int ms_learn_opts_from_config(const ms_config *cfg, const ms_table *table, ms_learn_opts *o, ms_error *err)
{
    memset(o, 0, sizeof *o);
    o->epochs = (int)ms_config_get_int(cfg, "train.epochs");
    o->batch = (int)ms_config_get_int(cfg, "train.batch");
    o->eval_batch = (int)ms_config_get_int(cfg, "train.eval_batch");
    o->interleaved = ms_config_get_bool(cfg, "train.interleaved");
    o->max_eval = (size_t)ms_config_get_int(cfg, "train.max_eval");
    o->per_task_bn = ms_config_get_bool(cfg, "network.per_task_bn");
    const double *hidden;
    const size_t nh = ms_config_get_list(cfg, "network.hidden", &hidden);
    if (nh + 1 > MS_LEARN_MAX_LAYERS)
        return ms_config_error(cfg, err, "network.hidden", "at most %d hidden layers", MS_LEARN_MAX_LAYERS - 1);
    o->net.n_layers = (int)nh + 1;
    for (size_t k = 0; k < nh; k++) {
        if (hidden[k] != floor(hidden[k]))
            return ms_config_error(cfg, err, "network.hidden", "widths must be integers, got %g", hidden[k]);
        o->net.size[k + 1] = (int)hidden[k];
    }
    o->net.init_range = (float)ms_config_get(cfg, "network.init_range");
    o->net.bn_eps = (float)ms_config_get(cfg, "network.bn_eps");
    o->net.bn_running = !strcmp(ms_config_get_string(cfg, "network.bn_eval"), "running");
    const char *rule = ms_config_get_string(cfg, "rule.name");
    ms_rule_opts *r = &o->rule;
    r->kind = !strcmp(rule, "adam") ? MS_RULE_ADAM : !strcmp(rule, "meta") ? MS_RULE_META : MS_RULE_DEVICE;
    r->lr = ms_config_get(cfg, "rule.lr");
    r->beta1 = ms_config_get(cfg, "rule.beta1");
    r->beta2 = ms_config_get(cfg, "rule.beta2");
    r->eps = ms_config_get(cfg, "rule.eps");
    r->weight_decay = ms_config_get(cfg, "rule.weight_decay");
    r->meta = ms_config_get(cfg, "rule.meta");
    const double *ml;
    const size_t nm = ms_config_get_list(cfg, "rule.meta_layers", &ml);
    if (nm > (size_t)o->net.n_layers)
        return ms_config_error(cfg, err, "rule.meta_layers", "%zu values for %d layers", nm, o->net.n_layers);
    for (size_t k = 0; k < nm; k++) r->meta_layer[k] = ml[k];
    r->reset_state = ms_config_get_bool(cfg, "rule.reset_state");
    if (r->kind == MS_RULE_DEVICE) {
        if (!table) return ms_config_error(cfg, err, "rule.table", "rule device needs a device table (rule.table or --table)");
        device_opts_from_config(cfg, table, &r->device);
    }
    return MS_OK;
}
