/* cli.c — helpers shared by the subcommands: option lookup, config loading with the command's
 * schemas and --set overrides, output path, provenance, and the one-line summary. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *ms_cli_opt(const ms_cli *cli, const char *name)
{
    for (int i = cli->n_opts - 1; i >= 0; i--) /* the last occurrence wins */
        if (strcmp(cli->opt_name[i], name) == 0)
            return cli->opt_value[i];
    return NULL;
}

int ms_cli_config_load(const ms_cli *cli, const ms_command *cmd, ms_config **cfg, ms_error *err)
{
    const char *file = cli->n_positional > 0 ? cli->positional[0] : NULL;
    static const ms_key *const none[] = {NULL};
    return ms_config_load(cfg, file, cli->sets, cli->n_sets, cmd->schemas ? cmd->schemas : none, err);
}

const char *ms_cli_output(const ms_cli *cli, const char *fallback)
{
    return cli->output ? cli->output : fallback;
}

int ms_cli_h5_create(const ms_cli *cli, const ms_config *cfg, const char *path, ms_h5 **out, ms_error *err)
{
    char *refs = ms_ctx_references(cli->ctx);
    const ms_run_info info = {
        .command = cli->command,
        .command_line = cli->command_line,
        .seed = cli->seed,
        .threads = cli->threads,
        .config_text = cfg ? ms_config_text(cfg) : "",
        .references = refs,
        .start = cli->start,
    };
    const int status = ms_h5_create(out, path, &info, err);
    free(refs);
    return status;
}

void ms_cli_report(const ms_cli *cli, const char *fmt, ...)
{
    if (cli->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cli->command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
