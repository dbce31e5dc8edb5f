/* cli.h — the thin command-line front end: common options, the command table, helpers.
 *
 * Every subcommand lives in src/cli/cmd_<name>.c and defines `const ms_command ms_cmd_<name>`;
 * the Makefile collects them into the dispatch table (no registry to edit). A command parses
 * nothing itself: main.c parses the common options and the command's declared options, then
 * calls run(). run() loads its config with ms_cli_config_load(), calls the library and reports
 * errors through err (main prints "metaspin <cmd>: <message>" and exits with status 2 for input). */
#ifndef METASPIN_CLI_H
#define METASPIN_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "metaspin/metaspin.h"

enum { MS_CLI_MAX_OPTS = 32, MS_CLI_MAX_SETS = 64, MS_CLI_MAX_POS = 16 };

typedef struct ms_cli_option {
    const char *name;  /* long name without dashes: "csv" for --csv */
    const char *arg;   /* NULL for a flag, else the argument's name for help ("FILE") */
    const char *help;  /* one line */
} ms_cli_option;

typedef struct ms_cli {
    const char *command;
    const char *positional[MS_CLI_MAX_POS];  /* CONFIG and other operands, in order */
    int n_positional;
    const char *sets[MS_CLI_MAX_SETS];       /* --set path=value, in order */
    int n_sets;
    const char *output;                      /* -o/--output, NULL if not given */
    uint64_t seed;                           /* --seed (default 1) */
    int seed_given;
    int threads;                             /* --threads (default: OpenMP's) */
    int quiet, resume, force, print_config;
    const char *opt_name[MS_CLI_MAX_OPTS];   /* command-specific options given */
    const char *opt_value[MS_CLI_MAX_OPTS];  /* "" for flags */
    int n_opts;
    char command_line[4096];
    time_t start;                            /* when the command began (start_time of its file) */
    ms_ctx *ctx;                             /* seed, threads, progress printer, interrupt flag */
} ms_cli;

typedef struct ms_command {
    const char *name;
    const char *summary;              /* one line for `metaspin --help` */
    const char *usage;                /* "CONFIG" or "DATA.csv [--model M]" */
    const char *help;                 /* paragraph(s) for `metaspin help <name>` */
    const ms_cli_option *options;     /* command-specific, terminated by {NULL}; may be NULL */
    const ms_key *const *schemas;     /* config keys this command accepts; NULL-terminated; may be NULL */
    int (*run)(ms_cli *cli, ms_error *err);
} ms_command;

/* Value of a command-specific option: NULL if absent, "" for a given flag. */
const char *ms_cli_opt(const ms_cli *cli, const char *name);

/* Load the config named by the first positional argument (or none when the command takes no
 * file and none was given) with the command's schemas and the --set overrides. */
int ms_cli_config_load(const ms_cli *cli, const ms_command *cmd, ms_config **cfg, ms_error *err);

/* Output path: --output if given, else `fallback` (e.g. from the config's output key). */
const char *ms_cli_output(const ms_cli *cli, const char *fallback);

/* ms_h5_create with the provenance of the CLI state and a loaded config (command, command line,
 * seed, threads, resolved config, start time, the references cited so far). */
int ms_cli_h5_create(const ms_cli *cli, const ms_config *cfg, const char *path, ms_h5 **out, ms_error *err);

/* Print a one-line summary to stderr unless --quiet ("macrospin: 10000 trials in 2.1 s -> out.h5"). */
void ms_cli_report(const ms_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
