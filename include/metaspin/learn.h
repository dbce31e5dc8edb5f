/* learn.h — metaplastic learning: data sets, task streams, the binarized network, learning rules
 * (adam, meta, device), metrics and the training driver of `metaspin train`.
 *
 * Network (PHYSICS.md §5, Laborieux et al., Nat. Commun. 12, 2549 (2021)): fully connected, no
 * biases; layer l computes z = a_l · w_l^T with binary weights w_l = sign(W_h,l); BatchNorm with
 * learned scale γ and shift β after every layer (output included); hidden layers then apply
 * sign(·) whose straight-through gradient is masked to |x| ≤ 1; the output goes through softmax
 * cross-entropy. The gradient with respect to w is applied to the hidden weight W_h (never
 * clipped), W_h ~ U(−a, a) with a = network.init_range (0.05).
 *
 * Rules: `adam` (plain Adam on W_h), `meta` (Adam whose steps toward zero are damped by
 * f_meta = 1 − tanh²(m|W_h|)), `device` (binary magnetisations flipped with the P_sw of a device
 * table, hidden ionic state h consolidated by gate pulses; see rule_device.c).
 *
 * Lifecycle: ms_learn_data_load() -> ms_learn_tasks_create() -> ms_learn_run() (creates the network
 * and rule inside, fills an ms_learn_result) -> ms_learn_result_write() -> *_destroy().
 * Everything is float32; matrix products go through CBLAS (OpenBLAS), elementwise work through
 * OpenMP. Random draws use rng.h (MS_RNG_DATA, MS_RNG_NETWORK, MS_RNG_DEVICE domains) so results
 * do not depend on the thread count. */
#ifndef METASPIN_LEARN_H
#define METASPIN_LEARN_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "error.h"
#include "h5.h"
#include "table.h"

/* ---- data sets ------------------------------------------------------------------------------ */

/* n samples of dim float features (row-major) with integer labels in [0, n_classes). */
typedef struct ms_dataset {
    size_t n, dim;
    int n_classes;
    float *x;     /* [n][dim] */
    int32_t *y;   /* [n] */
    char name[128];
} ms_dataset;

ms_dataset *ms_dataset_create(size_t n, size_t dim, int n_classes);
void ms_dataset_destroy(ms_dataset *d);
/* Rows idx[0..n) of src as a new data set. */
int ms_dataset_subset(const ms_dataset *src, const size_t *idx, size_t n, ms_dataset **out,
                      ms_error *err);
/* Seeded split into train / validation / test (fractions of the rows; validation may be 0 and
 * then *valid is NULL). Rows are shuffled with (seed, MS_RNG_DATA). */
int ms_dataset_split(const ms_dataset *d, double frac_valid, double frac_test, uint64_t seed,
                     ms_dataset **train, ms_dataset **valid, ms_dataset **test, ms_error *err);
/* Standardise every feature with the training set's mean and standard deviation (features of zero
 * spread are only centred); applies the same transform to the others (NULL entries skipped). */
void ms_dataset_standardize(ms_dataset *train, ms_dataset *const *others, int n_others);

/* IDX files (MNIST format; gzip or plain, detected from the magic bytes). Images (ubyte, rank >= 2)
 * become features in [0, 1]; labels (ubyte, rank 1). Errors name the file and byte offset. */
int ms_learn_idx_read(const char *images, const char *labels, ms_dataset **out, ms_error *err);
/* An MNIST-format folder: train-{images,labels} and t10k-{images,labels} (each .gz or plain) into
 * train and test. A missing file is an error that says to run scripts/fetch-data.sh. */
int ms_learn_idx_dir_read(const char *dir, ms_dataset **train, ms_dataset **test, ms_error *err);
/* CSV table: `header_rows` lines skipped, numeric columns, label column `label_col` (negative
 * counts from the end: -1 = last) holding non-negative integers. Errors name row and column. */
int ms_learn_csv_read(const char *path, int header_rows, int label_col, ms_dataset **out,
                      ms_error *err);

/* ---- task streams ---------------------------------------------------------------------------- */

typedef enum ms_task_kind {
    MS_TASK_PERMUTED,   /* same data, a fixed random feature permutation per task */
    MS_TASK_SPLIT,      /* disjoint class subsets; labels renumbered within the subset */
    MS_TASK_SEQUENCE    /* one data set per task (e.g. Fashion-MNIST then MNIST) */
} ms_task_kind;

/* One task: a view on a train and a test set (not owned), with an optional feature permutation
 * and an optional row subset with label map (owned). */
typedef struct ms_task {
    char name[64];
    const ms_dataset *train, *test;
    uint32_t *perm;                 /* [dim] feature k of the task = feature perm[k] of the set, or NULL */
    size_t *train_idx, *test_idx;   /* rows used, or NULL = all rows */
    size_t n_train, n_test;
    int32_t label_map[256];         /* set label -> task label (split tasks), identity otherwise */
} ms_task;

typedef struct ms_tasks {
    int n;
    ms_task *task;
    size_t dim;
    int n_out;                      /* output units (max labels over tasks) */
} ms_tasks;

/* Permuted: n tasks on one (train, test) pair, task 0 unpermuted if first_identity. */
int ms_learn_tasks_permuted(const ms_dataset *train, const ms_dataset *test, int n,
                            int first_identity, uint64_t seed, ms_tasks **out, ms_error *err);
/* Split-class: consecutive groups of classes_per_task labels. */
int ms_learn_tasks_split(const ms_dataset *train, const ms_dataset *test, int classes_per_task,
                         ms_tasks **out, ms_error *err);
/* Sequence: task i is (train[i], test[i]); all sets need the same dim. */
int ms_learn_tasks_sequence(const ms_dataset *const *train, const ms_dataset *const *test, int n,
                            ms_tasks **out, ms_error *err);
void ms_learn_tasks_destroy(ms_tasks *t);
/* Copy sample `row` of task t's train (test != 0: test) view into x[dim]; returns its label. */
int32_t ms_task_sample(const ms_task *t, int test, size_t row, size_t dim, float *x);

/* ---- network -------------------------------------------------------------------------------- */

enum { MS_LEARN_MAX_LAYERS = 8 };

typedef struct ms_bnn ms_bnn;

typedef struct ms_bnn_opts {
    int n_layers;                    /* weight layers */
    int size[MS_LEARN_MAX_LAYERS + 1];  /* size[0] = inputs, size[n_layers] = outputs */
    float init_range;                /* W_h ~ U(-a, a) */
    float bn_eps;                    /* 1e-5 */
    int n_bn_sets;                   /* 1 = shared BN; n_tasks = per-task BN parameters and stats */
    int max_batch;
    int bn_running;                  /* evaluate with running statistics (else batch statistics) */
    int surrogate;                   /* tests: hardtanh instead of sign, real weights as given */
} ms_bnn_opts;

int ms_bnn_create(ms_bnn **out, const ms_bnn_opts *opts, uint64_t seed, ms_error *err);
void ms_bnn_destroy(ms_bnn *net);
/* Forward pass on batch x[nb][size0] with BatchNorm set `bn`; train != 0 updates the running
 * statistics (the batch statistics are always kept for backward). Returns the mean cross-entropy
 * if y != NULL (else 0); the logits are then at ms_bnn_logits(). nb <= max_batch. */
float ms_bnn_forward(ms_bnn *net, const float *x, const int32_t *y, int nb, int bn, int train);
/* Backward after a training forward with labels: fills grad_w (w.r.t. binary weights) and the BN
 * gradients. */
void ms_bnn_backward(ms_bnn *net, const int32_t *y, int nb, int bn);
/* Number of correct argmax predictions of the last forward. */
int ms_bnn_correct(const ms_bnn *net, const int32_t *y, int nb);
/* Recompute w = sign(W_h) for every layer (after an update of W_h). */
void ms_bnn_binarize(ms_bnn *net);
void ms_bnn_set_threads(ms_bnn *net, int threads);  /* OpenMP threads of the elementwise work */

/* Parameter access for rules and tests (pointers stay valid for the network's life). */
int ms_bnn_layers(const ms_bnn *net);
size_t ms_bnn_weight_count(const ms_bnn *net, int layer);
int ms_bnn_width(const ms_bnn *net, int layer);   /* output units of layer */
float *ms_bnn_hidden(ms_bnn *net, int layer);     /* W_h [out][in] */
float *ms_bnn_binary(ms_bnn *net, int layer);     /* w [out][in] */
float *ms_bnn_grad(ms_bnn *net, int layer);       /* dL/dw [out][in] */
float *ms_bnn_bn_param(ms_bnn *net, int layer, int bn, int which);  /* which 0 = γ, 1 = β */
float *ms_bnn_bn_grad(ms_bnn *net, int layer, int which);
const float *ms_bnn_logits(const ms_bnn *net);

/* ---- rules ---------------------------------------------------------------------------------- */

typedef enum ms_rule_kind { MS_RULE_ADAM, MS_RULE_META, MS_RULE_DEVICE } ms_rule_kind;

/* Device rule settings (SI). */
typedef struct ms_device_opts {
    const ms_table *table;
    double width;             /* write pulse width (s) */
    double temperature;       /* K */
    double write_threshold;   /* |Adam step| below which no write is attempted */
    double amp_scale;         /* |step| mapped linearly onto the amplitude axis; step >= amp_scale -> max */
    double gate_voltage, gate_width;        /* consolidating gate pulse (V, s) */
    double gate_threshold;    /* |step| a reinforcing update needs to trigger a gate pulse */
    int reverse_gate;         /* lower h on flip requests with a reverse pulse */
    double reverse_voltage;   /* V (usually negative) */
    double step_time;         /* wall time per update step, for retention (s); 0 = no relaxation */
    double h_init;            /* initial hidden state */
    double d2d_sigma;         /* device-to-device spread of h offset (in h units) */
    double c2c_sigma;         /* cycle-to-cycle relative noise on the amplitude */
    double read_noise;        /* probability a read returns the wrong sign */
    double stuck_fraction;    /* fraction of devices stuck at their initial state */
} ms_device_opts;

typedef struct ms_rule_opts {
    ms_rule_kind kind;
    double lr, beta1, beta2, eps, weight_decay;
    double meta;              /* m of f_meta (per layer: meta_layer[l] if > 0, else meta) */
    double meta_layer[MS_LEARN_MAX_LAYERS];
    int reset_state;          /* reset optimiser state at each task boundary */
    ms_device_opts device;
} ms_rule_opts;

/* Event counts and energy of the device rule. */
typedef struct ms_device_stats {
    uint64_t write_events, flips, gate_events, reverse_gate_events, stuck_devices;
    double write_energy, gate_energy;     /* J */
    double write_latency, gate_latency;   /* s, summed pulse durations */
} ms_device_stats;

typedef struct ms_rule ms_rule;
int ms_rule_create(ms_rule **out, const ms_rule_opts *opts, ms_bnn *net, uint64_t seed,
                   ms_error *err);
void ms_rule_destroy(ms_rule *r);
void ms_rule_reset(ms_rule *r);            /* task boundary */
/* One update from the gradients in net (BN set bn); `step` counts updates since the start. */
int ms_rule_apply(ms_rule *r, ms_bnn *net, int bn, uint64_t step, ms_error *err);
/* Plain reference of the elementwise Adam/meta update (tests compare it with the fast one). */
void ms_rule_meta_reference(float *w, float *m, float *v, const float *g, size_t n, double lr,
                            double b1, double b2, double eps, double wd, double meta, long t);
void ms_rule_meta_kernel(float *w, float *m, float *v, const float *g, size_t n, double lr,
                         double b1, double b2, double eps, double wd, double meta, long t);
const ms_device_stats *ms_rule_device_stats(const ms_rule *r);

/* ---- training driver and metrics ------------------------------------------------------------ */

typedef struct ms_learn_opts {
    int epochs, batch, eval_batch;
    int interleaved;          /* train on all tasks at once (reference), evaluated once per epoch */
    int per_task_bn;          /* BN set per task (needs task identity at test time) */
    ms_bnn_opts net;          /* size[0] and size[n_layers] are filled from the tasks */
    ms_rule_opts rule;
    size_t max_eval;          /* evaluate on at most this many test rows per task (0 = all) */
} ms_learn_opts;

typedef struct ms_learn_result {
    int n_tasks, epochs;
    int n_rows;               /* rows of R: n_tasks (sequential) or 1 (interleaved) */
    double *R;                /* [n_rows][n_tasks] test accuracy (fraction) after training row i */
    double *curve;            /* [n_tasks*epochs][n_tasks] test accuracy after every epoch */
    double *loss;             /* [n_tasks*epochs] mean training loss per epoch */
    double acc, bwt, forgetting;
    double seconds;
    ms_device_stats device;
} ms_learn_result;

int ms_learn_run(const ms_tasks *tasks, const ms_learn_opts *opts, ms_ctx *ctx,
                 ms_learn_result **out, ms_error *err);
void ms_learn_result_destroy(ms_learn_result *r);
/* ACC, BWT and forgetting from R (n_rows == n_tasks). */
void ms_learn_metrics(const double *R, int n, double *acc, double *bwt, double *forgetting);
int ms_learn_result_write(const ms_learn_result *r, hid_t loc, ms_error *err);
int ms_learn_result_csv(const ms_learn_result *r, const char *path, ms_error *err);
void ms_learn_result_print(const ms_learn_result *r, void *stream /* FILE* */);

/* ---- configuration -------------------------------------------------------------------------- */

/* Keys train.*, data.*, network.*, rule.* (NULL-path terminated). */
extern const ms_key ms_learn_keys[];
/* Data and tasks from a loaded config. */
int ms_learn_tasks_from_config(const ms_config *cfg, ms_tasks **tasks, ms_dataset ***sets,
                               int *n_sets, ms_error *err);
/* Options from a loaded config; table may be NULL unless rule.name = device. */
int ms_learn_opts_from_config(const ms_config *cfg, const ms_table *table, ms_learn_opts *opts,
                              ms_error *err);

#endif
