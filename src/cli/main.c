/* main.c — `metaspin <command> [options] [CONFIG]`: parse the common and the command's options,
 * set up the run context (seed, threads, progress printer, SIGINT/SIGTERM flag) and dispatch.
 * Errors print as one line "metaspin <command>: <message>"; bad input exits with status 2. */
#include "cli/cli.h"

#include <gsl/gsl_errno.h>
#include <omp.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MS_COMMAND(name) extern const ms_command ms_cmd_##name;
#include "commands.gen.h"
#undef MS_COMMAND

static const ms_command *const ms_commands[] = {
#define MS_COMMAND(name) &ms_cmd_##name,
#include "commands.gen.h"
#undef MS_COMMAND
    NULL,
};

static volatile sig_atomic_t ms_interrupt_flag;
static void ms_on_signal(int sig) { ms_interrupt_flag = sig; }

static const ms_command *ms_command_find(const char *name)
{
    for (const ms_command *const *c = ms_commands; *c; c++)
        if (strcmp((*c)->name, name) == 0)
            return *c;
    return NULL;
}

static const ms_cli_option ms_common_options[] = {
    {"set", "KEY=VALUE", "override a config key (repeatable), e.g. --set device.alpha=0.01"},
    {"output", "FILE", "output file (also -o)"},
    {"seed", "N", "root seed of all random streams (default 1)"},
    {"threads", "N", "OpenMP threads (default: OMP_NUM_THREADS or all cores)"},
    {"quiet", NULL, "no progress or summary lines (also -q)"},
    {"resume", NULL, "continue an interrupted run from its checkpoint"},
    {"force", NULL, "redo cached stages"},
    {"print-config", NULL, "print the resolved config (SI units, defaults filled) and exit"},
    {"help", NULL, "help on this command (also -h)"},
    {NULL, NULL, NULL},
};

static void ms_print_options(FILE *f, const ms_cli_option *opts)
{
    for (const ms_cli_option *o = opts; o && o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-26s %s\n", left, o->help);
    }
}

static void ms_usage(FILE *f)
{
    fprintf(f, "usage: metaspin <command> [options] [CONFIG]\n\n"
               "metaspin %s — stochastic micromagnetics and magneto-ionics of metaplastic spintronic\n"
               "synapses, from material stack to learning curve.\n\ncommands:\n", ms_version());
    for (const ms_command *const *c = ms_commands; *c; c++)
        fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
    fprintf(f, "\noptions for every command:\n");
    ms_print_options(f, ms_common_options);
    fprintf(f, "\n`metaspin help <command>` describes a command and its config keys;\n"
               "`metaspin --version` prints the version and git revision.\n");
}

static void ms_command_help(FILE *f, const ms_command *cmd)
{
    fprintf(f, "usage: metaspin %s [options] %s\n\n%s\n\n%s\n", cmd->name, cmd->usage, cmd->summary,
            cmd->help);
    if (cmd->options && cmd->options->name) {
        fprintf(f, "\noptions:\n");
        ms_print_options(f, cmd->options);
    }
    fprintf(f, "\ncommon options:\n");
    ms_print_options(f, ms_common_options);
    if (cmd->schemas && cmd->schemas[0]) {
        fprintf(f, "\nconfig keys (value with unit, e.g. \"40 nm\"; plain numbers are SI):\n");
        for (const ms_key *const *s = cmd->schemas; *s; s++)
            ms_config_schema_print(*s, f, 0);
    }
}

/* ---- progress: a live line on a terminal, one summary line otherwise ---- */
typedef struct {
    int tty, quiet;
    double start, last;
    const char *command;
} ms_progress_state;

static double ms_now(void) { return omp_get_wtime(); }

static void ms_progress_print(void *user, const char *label, uint64_t done, uint64_t total)
{
    ms_progress_state *p = user;
    if (p->quiet)
        return;
    const double now = ms_now();
    if (p->start == 0.0 || done == 0)
        p->start = now;
    const double elapsed = now - p->start;
    const double rate = elapsed > 0 ? (double)done / elapsed : 0.0;
    if (p->tty) {
        if (done < total && now - p->last < 0.1)
            return;
        p->last = now;
        const double eta = rate > 0 ? (double)(total - done) / rate : 0.0;
        fprintf(stderr, "\r%s: %llu/%llu (%.0f%%) %.3g/s ETA %.0f s   ", label, (unsigned long long)done,
                (unsigned long long)total, total ? 100.0 * (double)done / (double)total : 100.0, rate, eta);
        if (done >= total)
            fputc('\n', stderr);
    } else if (done >= total) {
        fprintf(stderr, "%s: %llu done in %.2f s (%.3g/s)\n", label, (unsigned long long)total, elapsed, rate);
    }
}

static void ms_warn_print(void *user, const char *message)
{
    const ms_progress_state *p = user;
    fprintf(stderr, "metaspin %s: warning: %s\n", p->command, message);
}

/* ---- option parsing ---- */

static const ms_cli_option *ms_option_find(const ms_cli_option *opts, const char *name, size_t len)
{
    for (const ms_cli_option *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static int ms_parse_uint(const char *text, const char *what, uint64_t *out, ms_error *err)
{
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(text, &end, 0);
    if (!*text || *end || errno || text[0] == '-')
        return MS_ERROR(err, MS_EINPUT, "%s expects a non-negative integer, got \"%s\"", what, text);
    *out = v;
    return MS_OK;
}

/* Apply one common option; returns MS_OK, or an error. */
static int ms_apply_common(ms_cli *cli, const char *name, const char *value, ms_error *err)
{
    uint64_t v = 0;
    if (!strcmp(name, "set")) {
        if (cli->n_sets == MS_CLI_MAX_SETS)
            return MS_ERROR(err, MS_EINPUT, "too many --set options (at most %d)", MS_CLI_MAX_SETS);
        cli->sets[cli->n_sets++] = value;
    } else if (!strcmp(name, "output")) {
        cli->output = value;
    } else if (!strcmp(name, "seed")) {
        if (ms_parse_uint(value, "--seed", &cli->seed, err))
            return MS_EINPUT;
        cli->seed_given = 1;
    } else if (!strcmp(name, "threads")) {
        if (ms_parse_uint(value, "--threads", &v, err) || v < 1 || v > 4096)
            return MS_ERROR(err, MS_EINPUT, "--threads expects an integer in [1, 4096], got \"%s\"", value);
        cli->threads = (int)v;
    } else if (!strcmp(name, "quiet")) {
        cli->quiet = 1;
    } else if (!strcmp(name, "resume")) {
        cli->resume = 1;
    } else if (!strcmp(name, "force")) {
        cli->force = 1;
    } else if (!strcmp(name, "print-config")) {
        cli->print_config = 1;
    }
    return MS_OK;
}

static int ms_parse_args(ms_cli *cli, const ms_command *cmd, int argc, char **argv, int *want_help, ms_error *err)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            *want_help = 1;
            continue;
        }
        if (!strcmp(a, "-q")) {
            cli->quiet = 1;
            continue;
        }
        if (!strcmp(a, "-o")) {
            if (i + 1 >= argc)
                return MS_ERROR(err, MS_EINPUT, "option -o needs a FILE");
            cli->output = argv[++i];
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (cli->n_positional == MS_CLI_MAX_POS)
                return MS_ERROR(err, MS_EINPUT, "too many arguments");
            cli->positional[cli->n_positional++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        const size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const ms_cli_option *common = ms_option_find(ms_common_options, name, len);
        const ms_cli_option *own = ms_option_find(cmd->options, name, len);
        const ms_cli_option *o = own ? own : common;
        if (!o)
            return MS_ERROR(err, MS_EINPUT, "unknown option --%.*s for '%s' (see metaspin help %s)", (int)len,
                            name, cmd->name, cmd->name);
        const char *value = "";
        if (o->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return MS_ERROR(err, MS_EINPUT, "option --%s needs %s", o->name, o->arg);
        } else if (eq) {
            return MS_ERROR(err, MS_EINPUT, "option --%s takes no value", o->name);
        }
        if (own) {
            if (cli->n_opts == MS_CLI_MAX_OPTS)
                return MS_ERROR(err, MS_EINPUT, "too many options");
            cli->opt_name[cli->n_opts] = own->name;
            cli->opt_value[cli->n_opts++] = value;
        } else if (ms_apply_common(cli, o->name, value, err)) {
            return MS_EINPUT;
        }
    }
    return MS_OK;
}

static void ms_record_command_line(ms_cli *cli, int argc, char **argv)
{
    size_t used = 0;
    for (int i = 0; i < argc && used < sizeof cli->command_line; i++)
        used += (size_t)snprintf(cli->command_line + used, sizeof cli->command_line - used, "%s%s",
                                 i ? " " : "", argv[i]);
}

static int ms_print_config(const ms_cli *cli, const ms_command *cmd, ms_error *err)
{
    ms_config *cfg = NULL;
    const int status = ms_cli_config_load(cli, cmd, &cfg, err);
    if (status == MS_OK)
        fputs(ms_config_text(cfg), stdout);
    ms_config_destroy(cfg);
    return status;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        ms_usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        ms_usage(stdout);
        return 0;
    }
    if (!strcmp(name, "--version")) {
        printf("metaspin %s (git %s)\n", ms_version(), ms_git_revision());
        return 0;
    }
    if (!strcmp(name, "help")) {
        const ms_command *cmd = argc > 2 ? ms_command_find(argv[2]) : NULL;
        if (argc > 2 && !cmd) {
            fprintf(stderr, "metaspin: unknown command '%s'\n\n", argv[2]);
            ms_usage(stderr);
            return 2;
        }
        cmd ? ms_command_help(stdout, cmd) : ms_usage(stdout);
        return 0;
    }
    const ms_command *cmd = ms_command_find(name);
    if (!cmd) {
        fprintf(stderr, "metaspin: unknown command '%s'\n\n", name);
        ms_usage(stderr);
        return 2;
    }

    ms_cli cli = {.command = cmd->name, .seed = 1};
    ms_error err = {0};
    int want_help = 0;
    ms_record_command_line(&cli, argc, argv);
    if (ms_parse_args(&cli, cmd, argc, argv, &want_help, &err)) {
        fprintf(stderr, "metaspin %s: %s\nusage: metaspin %s [options] %s\n", cmd->name, err.message,
                cmd->name, cmd->usage);
        return 2;
    }
    if (want_help) {
        ms_command_help(stdout, cmd);
        return 0;
    }
    if (cli.print_config) {
        const int status = ms_print_config(&cli, cmd, &err);
        if (status)
            fprintf(stderr, "metaspin %s: %s\n", cmd->name, err.message);
        return ms_status_exit_code(status);
    }

    if (cli.threads > 0)
        omp_set_num_threads(cli.threads);
    else
        cli.threads = omp_get_max_threads();
    cli.ctx = ms_ctx_create(cli.seed, cli.threads);
    if (!cli.ctx) {
        fprintf(stderr, "metaspin %s: out of memory\n", cmd->name);
        return 1;
    }
    ms_progress_state progress = {.tty = isatty(fileno(stderr)), .quiet = cli.quiet, .command = cmd->name};
    cli.ctx->progress = ms_progress_print;
    cli.ctx->warn = ms_warn_print;
    cli.ctx->user = &progress;
    cli.ctx->interrupt = &ms_interrupt_flag;
    signal(SIGINT, ms_on_signal);
    signal(SIGTERM, ms_on_signal);

    const int status = cmd->run(&cli, &err);
    if (status != MS_OK)
        fprintf(stderr, "metaspin %s: %s\n", cmd->name, err.message[0] ? err.message : ms_status_name(status));
    ms_ctx_destroy(cli.ctx);
    return ms_status_exit_code(status);
}
