/* check_examples.c — every example config runs as documented (issue: "every command in docs/cli.md
 * and every example config runs as documented (a test walks them, with reduced sizes)").
 *
 * For each configs/NAME.cfg the table `examples[]` below names the command that runs it (the one its
 * header comment shows, `metaspin <command> configs/NAME.cfg`, checked here when the header has such
 * a line) and the --set overrides that shrink it to a fraction of a second: a few trials, picoseconds
 * of mesh time, two-point table axes, a few hundred training rows and one epoch. Each example runs in
 * a fresh temporary folder with `-o`; the test wants exit status 0 and the output file(s) present
 * (HDF5 files checked by their signature). A config in configs/ without an entry here fails with a
 * message saying so, so new examples cannot go untested (an entry whose config is gone is only
 * reported).
 * Training examples need the data of scripts/fetch-data.sh; without it they are skipped with a note.
 * `metaspin help <command>` and `metaspin <command> --help` must succeed for every command that
 * `metaspin --help` lists. Runs from the tests/ folder against ../bin/metaspin, or MS_TEST_BIN
 * (relative to tests/, e.g. ../build-asan/metaspin). The whole suite takes about 10-20 s on 2 cores.
 * The command-line contract itself (exit statuses, messages, docs/cli.md = help text) is in
 * check_cli.c, bad inputs in check_badinput.c. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/* Shared shrinking overrides (shell words; quoted where a value holds spaces). */
/* Table axes: 2 states x 2 amplitudes x 2 widths, 8 trials per point, a 2 x 2 gate table; the axes
 * span the device rule's 3 ns writes and -2 V, 3 s gate pulses of demo.cfg and train-device.cfg
 * (table lookups refuse to extrapolate). */
#define TABLE_TINY                                                                                            \
    " --set 'table.theta=[0.75, 0.95]' --set 'table.current_density=[2e10 A/m^2, 1e11 A/m^2]'"              \
    " --set 'table.width=[1 ns, 10 ns]' --set table.trials=8 --set table.max_trials=8"                      \
    " --set 'table.gate.width=[1 s, 10 s]'"
/* The mesh-engine table: one point per direction, 2 trials each, a 4 x 4 mesh, 0.5 ns pulses. */
#define TABLE_MESH_TINY                                                                                       \
    " --set 'table.theta=[0.75]' --set 'table.current_density=[1.2e11 A/m^2]' --set 'table.width=[0.5 ns]'" \
    " --set table.trials=2 --set table.max_trials=2 --set table.mesh.nx=4 --set table.mesh.ny=4"
/* One state, one amplitude, one width per sweep point (no gate table: the sweep config has none). */
#define SWEEP_TINY                                                                                            \
    " --set 'table.theta=[0.8]' --set 'table.current_density=[1e11 A/m^2]' --set 'table.width=[1 ns]'"     \
    " --set table.trials=8 --set table.max_trials=8"
/* 200 training and 100 test rows, two tasks, one epoch, one hidden layer of 16. */
#define LEARN_TINY                                                                                            \
    " --set data.max_train=200 --set data.max_test=100 --set train.n_tasks=2 --set train.epochs=1"          \
    " --set train.eval_batch=100 --set 'network.hidden=[16]'"
#define MESH_TINY                                                                                             \
    " --set mesh.nx=8 --set mesh.ny=8 --set mesh.nz=1 --set 'mesh.t_end=10 ps' --set mesh.relax_iterations=200" \
    " --set mesh.fft_measure=false"
#define MACROSPIN_TINY " --set macrospin.trials=16 --set 'solver.t_end=0.5 ns'"
#define IONICS_TINY                                                                                           \
    " --tables --set ionics.run.samples=21 --set 'ionics.table.h=[0.5, 1]'"                                 \
    " --set 'ionics.table.voltages=[-2 V, 2 V]' --set 'ionics.table.widths=[1 s, 10 s]'"
#define FMNIST "data/fashion-mnist/train-images-idx3-ubyte.gz"
#define BCANCER "data/breast-cancer/breast_cancer.csv"

/* One example: the shell lines run in the temporary folder, where $M is the binary, $F the config,
 * $C the configs folder and $R the repository (data under $R/data): the command(s) the config's
 * header documents, shrunk, and possibly a check of more (e.g. that a rerun is all cached). */
typedef struct example {
    const char *config;  /* file name in configs/ */
    const char *command; /* the metaspin command that runs it */
    const char *needs;   /* data file it reads, relative to the repository (NULL: none) */
    const char *script;
    const char *outputs; /* space-separated files that must exist afterwards */
} example;

static const example examples[] = {
    {"demo.cfg", "run", FMNIST,
     /* the whole pipeline, then a rerun that must find all five stages cached */
     "\"$M\" run \"$F\" -o demo --set run.plots=false --set data.dir=\"$R/data/fashion-mnist\"" TABLE_TINY LEARN_TINY
     " --set ionics.run.samples=21 &&\n"
     "\"$M\" run \"$F\" -o demo --set run.plots=false --set data.dir=\"$R/data/fashion-mnist\"" TABLE_TINY LEARN_TINY
     " --set ionics.run.samples=21 > rerun.txt 2>&1 &&\n"
     "{ [ \"$(grep -c ': cached' rerun.txt)\" = 5 ] || { echo 'rerun: not all 5 stages cached:'; cat rerun.txt; false; }; }",
     "demo/ionics.h5 demo/table.h5 demo/train-adam.h5 demo/train-meta.h5 demo/train-device.h5 demo/table.cfg"},
    {"ferh-heating.cfg", "phase", NULL,
     "\"$M\" phase \"$F\" -o ferh.h5 --set phase.trials=16 --set phase.samples=21", "ferh.h5"},
    {"ferh-table.cfg", "table", NULL,
     "\"$M\" table \"$F\" -o ferh-table.h5 --csv --set 'table.theta=[0, 0.2]'"
     " --set 'table.current_density=[2.6e11 A/m^2, 3.2e11 A/m^2]' --set 'table.width=[2 ns]'"
     " --set table.trials=8 --set table.max_trials=8 --set 'table.gate.width=[1 s]'",
     "ferh-table.h5 ferh-table.csv"},
    {"ionics-con-nitrogen.cfg", "ionics", NULL, "\"$M\" ionics \"$F\" -o ionics.h5" IONICS_TINY, "ionics.h5"},
    {"ionics-gdox-hydrogen.cfg", "ionics", NULL, "\"$M\" ionics \"$F\" -o ionics.h5" IONICS_TINY, "ionics.h5"},
    {"ionics-gdox-oxygen.cfg", "ionics", NULL, "\"$M\" ionics \"$F\" -o ionics.h5" IONICS_TINY, "ionics.h5"},
    {"macrospin-sot.cfg", "macrospin", NULL, "\"$M\" macrospin \"$F\" -o sot.h5" MACROSPIN_TINY, "sot.h5"},
    {"macrospin-stt.cfg", "macrospin", NULL, "\"$M\" macrospin \"$F\" -o stt.h5" MACROSPIN_TINY, "stt.h5"},
    {"macrospin-vcma.cfg", "macrospin", NULL, "\"$M\" macrospin \"$F\" -o vcma.h5" MACROSPIN_TINY, "vcma.h5"},
    /* the geometry as it is (3000 cells of 2 nm: 8 x 8 would blur the shapes), 10 ps */
    {"mesh-dots-union.cfg", "mesh", NULL,
     "\"$M\" mesh \"$F\" -o dots.h5 --set 'mesh.t_end=10 ps' --set mesh.fft_measure=false", "dots.h5 dots-final.ovf"},
    {"mesh-gated-gdox.cfg", "mesh", NULL, "\"$M\" mesh \"$F\" -o gated.h5" MESH_TINY,
     "gated.h5 gated-relaxed.ovf gated-final.ovf"},
    {"mesh-pma-disk.cfg", "mesh", NULL, "\"$M\" mesh \"$F\" -o disk.h5" MESH_TINY, "disk.h5 disk-final.ovf"},
    {"mesh-sp3.cfg", "mesh", NULL, "\"$M\" mesh \"$F\" -o sp3.h5" MESH_TINY,
     "sp3.h5 sp3-relaxed.ovf sp3-final.ovf"},
    {"mesh-sp4-field1.cfg", "mesh", NULL, "\"$M\" mesh \"$F\" -o sp4.h5" MESH_TINY,
     "sp4.h5 sp4-relaxed.ovf sp4-final.ovf"},
    {"mesh-sp4-field2.cfg", "mesh", NULL, "\"$M\" mesh \"$F\" -o sp4.h5" MESH_TINY,
     "sp4.h5 sp4-relaxed.ovf sp4-final.ovf"},
    {"sweep-pma.cfg", "sweep", NULL, "\"$M\" sweep \"$F\" -o sweep.h5" SWEEP_TINY, "sweep.h5"},
    /* the mesh engine on a 4 x 4 mesh, then the same device with the macrospin engine (its header) */
    {"table-mesh-disk.cfg", "table", NULL,
     "\"$M\" table \"$F\" -o mesh-disk.h5 --csv" TABLE_MESH_TINY " &&\n"
     "\"$M\" table \"$F\" -o macro-disk.h5 --set table.engine=macrospin" TABLE_MESH_TINY,
     "mesh-disk.h5 mesh-disk.csv macro-disk.h5"},
    {"table-pma-stt.cfg", "table", NULL, "\"$M\" table \"$F\" -o pma.h5 --csv" TABLE_TINY, "pma.h5 pma.csv"},
    /* as its header says: the table of table-pma-stt.cfg first, then training on it */
    {"train-device.cfg", "train", FMNIST,
     "\"$M\" table \"$C/table-pma-stt.cfg\" -q -o pma.h5" TABLE_TINY " &&\n"
     "\"$M\" train \"$F\" --table pma.h5 -o device.h5 --set data.dir=\"$R/data/fashion-mnist\"" LEARN_TINY,
     "device.h5"},
    {"train-medical.cfg", "train", BCANCER,
     "\"$M\" train \"$F\" -o medical.h5 --set data.csv=\"$R/" BCANCER "\"" LEARN_TINY, "medical.h5"},
    {"train-pfmnist.cfg", "train", FMNIST,
     "\"$M\" train \"$F\" -o pfmnist.h5 --set data.dir=\"$R/data/fashion-mnist\"" LEARN_TINY, "pfmnist.h5"},
};
enum { N_EXAMPLES = sizeof examples / sizeof examples[0], MAX_CONFIGS = 128 };

static char configs[MAX_CONFIGS][256]; /* the configs/ files, sorted (read at suite creation) */
static int n_configs;

static int by_name(const void *a, const void *b) { return strcmp(a, b); }

static void load_configs(void)
{
    DIR *d = opendir("../configs");
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) && n_configs < MAX_CONFIGS;) {
        const size_t n = strlen(e->d_name);
        if (n > 4 && n < sizeof configs[0] && !strcmp(e->d_name + n - 4, ".cfg"))
            snprintf(configs[n_configs++], sizeof configs[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(configs, (size_t)n_configs, sizeof configs[0], by_name);
}

static const example *find_example(const char *config)
{
    for (int i = 0; i < N_EXAMPLES; i++)
        if (!strcmp(examples[i].config, config))
            return &examples[i];
    return NULL;
}

/* The command a config's header comment documents for it (`metaspin CMD configs/NAME`), or "". */
static void documented_command(const char *config, char *cmd, size_t cap)
{
    char path[512], line[1024], needle[300];
    cmd[0] = '\0';
    snprintf(path, sizeof path, "../configs/%s", config);
    snprintf(needle, sizeof needle, " configs/%s", config);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f) && line[0] == '#') {
        char *at = strstr(line, needle), *m = strstr(line, "metaspin ");
        if (!at || !m || m > at)
            continue;
        const char *w = m + strlen("metaspin ");
        const size_t n = strcspn(w, " \t\n");
        if (w + n == at) { /* "metaspin CMD configs/NAME": the word right before the config */
            snprintf(cmd, cap, "%.*s", (int)n, w);
            break;
        }
    }
    fclose(f);
}

static int is_hdf5(const char *path)
{
    static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char b[8];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    const int ok = fread(b, 1, 8, f) == 8 && !memcmp(b, sig, 8);
    fclose(f);
    return ok;
}

START_TEST(test_example)
{
    const char *config = configs[_i];
    const example *ex = find_example(config);
    ck_assert_msg(ex != NULL,
                  "configs/%s has no entry in tests/check_examples.c: add one to examples[] with the command "
                  "that runs it and --set overrides that shrink it to seconds",
                  config);
    char doc[64];
    documented_command(config, doc, sizeof doc);
    ck_assert_msg(!doc[0] || !strcmp(doc, ex->command),
                  "configs/%s: its header says `metaspin %s configs/%s` but check_examples.c runs `%s`", config,
                  doc, config, ex->command);
    char need[600];
    snprintf(need, sizeof need, "../%s", ex->needs ? ex->needs : "");
    if (ex->needs && access(need, F_OK) != 0) {
        fprintf(stderr, "check_examples: configs/%s skipped: %s missing (run scripts/fetch-data.sh)\n", config, need);
        return;
    }

    char here[1024], root[1100], bin[1200], dir[] = "/tmp/ms-examples-XXXXXX";
    ck_assert_ptr_nonnull(getcwd(here, sizeof here));
    snprintf(root, sizeof root, "%s/..", here);
    ms_test_binary(bin, sizeof bin);
    ck_assert_msg(access(bin, X_OK) == 0, "no binary %s (make, or set MS_TEST_BIN)", bin);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    static char cmd[16384], out[1 << 16];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && M='%s' R='%s' C='%s/configs' F='%s/configs/%s' && export M R C F && "
             "timeout 120 sh -c '%s' </dev/null 2>&1",
             dir, bin, root, root, root, config, "eval \"$S\"");
    /* the script goes through the environment, so its quotes need no escaping */
    setenv("S", ex->script, 1);
    const int rc = ms_test_run(cmd, out, sizeof out);
    unsetenv("S");

    char missing[2048] = "", list[1024];
    snprintf(list, sizeof list, "%s", ex->outputs);
    for (char *save = NULL, *o = strtok_r(list, " ", &save); o; o = strtok_r(NULL, " ", &save)) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, o);
        const size_t n = strlen(o);
        const int ok = n > 3 && !strcmp(o + n - 3, ".h5") ? is_hdf5(path) : access(path, F_OK) == 0;
        if (!ok) {
            const size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, " %s", o);
        }
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "check_examples: could not remove %s\n", dir);
    const size_t n_out = strlen(out);
    ck_assert_msg(rc == 0, "configs/%s: status %d (want 0)\n  script: %s\n  output (end): %s", config, rc, ex->script,
                  out + (n_out > 3000 ? n_out - 3000 : 0));
    ck_assert_msg(!missing[0], "configs/%s: missing or not HDF5:%s\n  script: %s\n  output (end): %s", config,
                  missing, ex->script, out + (n_out > 3000 ? n_out - 3000 : 0));
}
END_TEST

/* The configs folder is there, and entries whose config is gone are reported (a note, not a failure:
 * a config and its entry may arrive in different commits). */
START_TEST(test_configs_found)
{
    ck_assert_msg(n_configs > 0, "no configs found in ../configs (run from the tests/ folder)");
    for (int i = 0; i < N_EXAMPLES; i++) {
        int found = 0;
        for (int j = 0; j < n_configs; j++)
            found |= !strcmp(configs[j], examples[i].config);
        if (!found)
            fprintf(stderr, "check_examples: note: examples[] has an entry for configs/%s, which does not exist\n",
                    examples[i].config);
    }
}
END_TEST

/* `metaspin help CMD` and `metaspin CMD --help` for every command listed by `metaspin --help`. */
START_TEST(test_every_help)
{
    char bin[1200], cmd[2048];
    static char out[1 << 16], list[1 << 14];
    ms_test_binary(bin, sizeof bin);
    snprintf(cmd, sizeof cmd, "'%s' --help 2>&1", bin);
    ck_assert_int_eq(ms_test_run(cmd, list, sizeof list), 0);
    const char *p = strstr(list, "\ncommands:\n");
    ck_assert_msg(p != NULL, "`metaspin --help` lists no commands: %s", list);
    p += strlen("\ncommands:\n");
    int n = 0;
    /* the command lines are "  NAME  summary" up to the first blank line */
    for (const char *nl; *p == ' ' && (nl = strchr(p, '\n')); p = nl + 1) {
        char name[64];
        if (sscanf(p, " %63s", name) != 1)
            break;
        snprintf(cmd, sizeof cmd, "'%s' help %s 2>&1", bin, name);
        ck_assert_msg(ms_test_run(cmd, out, sizeof out) == 0, "metaspin help %s failed: %s", name, out);
        char usage[128];
        snprintf(usage, sizeof usage, "usage: metaspin %s", name);
        ck_assert_msg(strstr(out, usage), "metaspin help %s lacks \"%s\": %.500s", name, usage, out);
        snprintf(cmd, sizeof cmd, "'%s' %s --help 2>&1", bin, name);
        ck_assert_msg(ms_test_run(cmd, out, sizeof out) == 0, "metaspin %s --help failed: %s", name, out);
        ck_assert_msg(strstr(out, usage), "metaspin %s --help lacks \"%s\": %.500s", name, usage, out);
        n++;
    }
    ck_assert_msg(n >= 11, "only %d commands found in `metaspin --help`", n);
}
END_TEST

Suite *check_examples_suite(void)
{
    load_configs();
    Suite *s = suite_create("examples");
    TCase *tc = tcase_create("examples");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_configs_found);
    tcase_add_test(tc, test_every_help);
    tcase_add_loop_test(tc, test_example, 0, n_configs);
    suite_add_tcase(s, tc);
    return s;
}
