/* cmd_merge.c — `metaspin merge PART... -o FILE`: join the part files of a run split with
 * --part I/N (table or sweep) into the file a single run would have written (library: merge.c). */
#include "cli/cli.h"

#include "metaspin/sweep.h"

static int ms_merge_cmd_run(ms_cli *cli, ms_error *err)
{
    if (cli->n_positional < 1)
        return MS_ERROR(err, MS_EINPUT, "merge: give the part files (metaspin merge PART... -o FILE)");
    if (!cli->output)
        return MS_ERROR(err, MS_EINPUT, "merge: give the output file with -o FILE");
    int status = ms_part_merge(cli->positional, cli->n_positional, cli->output, cli->command_line,
                               cli->threads, err);
    if (!status)
        ms_cli_report(cli, "merged %d parts -> %s", cli->n_positional, cli->output);
    return status;
}

const ms_command ms_cmd_merge = {
    .name = "merge",
    .summary = "join the part files of a --part I/N split into one result file",
    .usage = "PART... -o FILE",
    .help = "Reads part files written by `metaspin table|sweep CONFIG --part I/N` (all parts of one run: same\n"
            "config and seed), checks that every point is covered and writes the file a single run would have\n"
            "written (identical datasets; provenance attributes name the merge).",
    .options = NULL,
    .schemas = NULL,
    .run = ms_merge_cmd_run,
};
