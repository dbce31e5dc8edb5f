/* config_groups.c — config keys whose value is a list of groups (MS_KEY_GROUPS), e.g. mesh.shapes:
 *
 *   shapes = ( { kind = "disk"; size = ["50 nm", "50 nm", "0 nm"]; },
 *              { kind = "disk"; size = ["10 nm", "10 nm", "0 nm"]; region = 0; } );
 *
 * The element keys are declared like any key (STYLE.md rule 11), next to the list key, with the
 * path "<list path>[].<name>" ("mesh.shapes[].size"). Each element is read against them with the
 * same unit conversion, range check, choices and defaults as a top-level key (config.c's
 * ms_entry_from_setting / ms_entry_from_text), and a name no element key has is refused with a
 * "did you mean" hint. Elements are numbered from 1 in paths: "mesh.shapes[2].size" is the size of
 * the second element, in error messages ("demo.cfg:7: mesh.shapes[2].size: ...") and in the
 * getters (ms_config_get_vector(cfg, "mesh.shapes[2].size", v)) alike.
 *
 * A list comes from the file, from `--set path=( ... )` or from the declared default ("()" =
 * empty); the last two are parsed by libconfig as the text `x = <value>;`, so all three share one
 * reader, and --set replaces the whole list. Every element value records where it came from: the
 * file:line of its setting, or of its element when it was defaulted; "--set" or "default". The
 * resolved text (config.c) renders a list with SI values, one element key per line, and loads back
 * to the same values. The entry layout (fields, items) is described in config_entry.h. */
#include "core/config_entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ms_key_element_name(const ms_key *k)
{
    const char *mark = strstr(k->path, "[].");
    return mark ? mark + 3 : NULL;
}

/* Is k an element key of the list whose path is `list`? */
static int ms_is_field_of(const ms_key *k, const char *list)
{
    const size_t n = strlen(list);
    return strncmp(k->path, list, n) == 0 && strncmp(k->path + n, "[].", 3) == 0;
}

int ms_groups_declare(ms_entry *e, const ms_key *const *schemas, ms_error *err)
{
    size_t count = 0;
    for (const ms_key *const *s = schemas; *s; s++)
        for (const ms_key *k = *s; k->path; k++)
            count += ms_is_field_of(k, e->key->path);
    e->fields = calloc(count ? count : 1, sizeof *e->fields);
    if (!e->fields)
        return MS_ERROR(err, MS_ENOMEM, "out of memory declaring the elements of %s", e->key->path);
    for (const ms_key *const *s = schemas; *s; s++) {
        for (const ms_key *k = *s; k->path; k++) {
            int seen = !ms_is_field_of(k, e->key->path);
            for (size_t j = 0; j < e->n_fields && !seen; j++) /* the same table included twice */
                seen = strcmp(e->fields[j]->path, k->path) == 0;
            if (seen)
                continue;
            if (k->type == MS_KEY_GROUPS)
                return MS_ERROR(err, MS_EINTERNAL, "config key %s: lists of groups cannot nest", k->path);
            e->fields[e->n_fields++] = k;
        }
    }
    if (e->n_fields == 0)
        return MS_ERROR(err, MS_EINTERNAL, "config key %s: a list of groups without element keys (%s[].name)",
                        e->key->path, e->key->path);
    return MS_OK;
}

static int ms_field_index(const ms_entry *e, const char *name)
{
    for (size_t j = 0; j < e->n_fields; j++)
        if (strcmp(ms_key_element_name(e->fields[j]), name) == 0)
            return (int)j;
    return -1;
}

/* "file:line" of a setting, or the source ("--set", "default") when the text has no file. */
static void ms_where_of(char *out, size_t len, const char *file, const char *source, const config_setting_t *s)
{
    if (file)
        snprintf(out, len, "%s:%d", file, config_setting_source_line(s));
    else
        snprintf(out, len, "%s", source);
}

/* One setting "name = value" of element `epath` into the element's values `row`. */
static int ms_field_read(ms_entry *e, ms_entry *row, const config_setting_t *s, const char *epath,
                         const char *where, ms_error *err)
{
    const char *name = config_setting_name(s);
    char fpath[600], why[900], hint[200];
    snprintf(fpath, sizeof fpath, "%s.%s", epath, name);
    const int j = ms_field_index(e, name);
    if (j < 0) {
        const char **names = malloc(e->n_fields * sizeof *names);
        hint[0] = '\0';
        if (names) {
            char prefix[600];
            snprintf(prefix, sizeof prefix, "%s.", epath);
            for (size_t k = 0; k < e->n_fields; k++)
                names[k] = ms_key_element_name(e->fields[k]);
            ms_config_hint(name, names, e->n_fields, prefix, hint, sizeof hint);
            free(names);
        }
        return ms_config_fail(err, where, fpath, "unknown key%s", hint);
    }
    if (ms_entry_from_setting(&row[j], s, why, sizeof why))
        return ms_config_fail(err, where, fpath, "%s", why);
    row[j].given = 1;
    snprintf(row[j].where, sizeof row[j].where, "%s", where);
    return MS_OK;
}

/* Element i (from 0) of the list: its settings, then the defaults of the keys it leaves out. */
static int ms_element_read(ms_entry *e, size_t i, const config_setting_t *g, const char *file,
                           const char *source, ms_error *err)
{
    char where[300], epath[520], why[900];
    ms_where_of(where, sizeof where, file, source, g);
    snprintf(epath, sizeof epath, "%s[%zu]", e->key->path, i + 1);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ms_config_fail(err, where, epath, "expects a group { key = value; ... }");
    ms_entry *row = &e->items[i * e->n_fields];
    for (size_t j = 0; j < e->n_fields; j++) {
        row[j].key = e->fields[j];
        snprintf(row[j].where, sizeof row[j].where, "%s", where);
    }
    for (int k = 0; k < config_setting_length(g); k++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)k);
        char swhere[300];
        ms_where_of(swhere, sizeof swhere, file, source, s);
        const int status = ms_field_read(e, row, s, epath, swhere, err);
        if (status)
            return status;
    }
    for (size_t j = 0; j < e->n_fields; j++) {
        const ms_key *k = e->fields[j];
        if (row[j].given)
            continue;
        if (!k->def) {
            char fpath[600];
            snprintf(fpath, sizeof fpath, "%s.%s", epath, ms_key_element_name(k));
            return ms_config_fail(err, where, fpath, "required key is missing (%s)", k->doc ? k->doc : "no default");
        }
        if (ms_entry_from_text(&row[j], k->def, why, sizeof why))
            return MS_ERROR(err, MS_EINTERNAL, "default of %s is invalid: %s", k->path, why);
    }
    return MS_OK;
}

int ms_groups_from_setting(ms_entry *e, const config_setting_t *list, const char *file, const char *source,
                           ms_error *err)
{
    char where[300];
    ms_where_of(where, sizeof where, file, source, list);
    const int type = config_setting_type(list), n = config_setting_length(list);
    if (type != CONFIG_TYPE_LIST && !(type == CONFIG_TYPE_ARRAY && n == 0))
        return ms_config_fail(err, where, e->key->path, "expects a list of groups ( { key = value; ... }, ... ), "
                              "got %s", type == CONFIG_TYPE_GROUP ? "a group" : type == CONFIG_TYPE_ARRAY ?
                              "an array [ ]" : "a single value");
    ms_entry_release(e);
    if (n > 0) {
        e->items = calloc((size_t)n * e->n_fields, sizeof *e->items);
        if (!e->items)
            return MS_ERROR(err, MS_ENOMEM, "out of memory reading %s", e->key->path);
        e->n = (size_t)n;
    }
    for (int i = 0; i < n; i++) {
        const int status = ms_element_read(e, (size_t)i, config_setting_get_elem(list, (unsigned)i), file,
                                           source, err);
        if (status)
            return status;
    }
    return MS_OK;
}

int ms_groups_from_text(ms_entry *e, const char *text, const char *source, ms_error *err)
{
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n'))
        len--;
    if (len > 0 && text[len - 1] == ';') /* "( ... );" as written in a file */
        len--;
    char *doc = malloc(len + 16);
    if (!doc)
        return MS_ERROR(err, MS_ENOMEM, "out of memory reading %s", e->key->path);
    snprintf(doc, len + 16, "x = %.*s;\n", (int)len, text);
    config_t lc;
    config_init(&lc);
    int status = MS_OK;
    if (config_read_string(&lc, doc) != CONFIG_TRUE)
        status = ms_config_fail(err, source, e->key->path, "%s in the value (line %d of it); expects a list of "
                                "groups ( { key = value; ... }, ... )", config_error_text(&lc),
                                config_error_line(&lc));
    else if (config_setting_length(config_root_setting(&lc)) != 1)
        status = ms_config_fail(err, source, e->key->path, "expects one list of groups ( { key = value; ... }, "
                                "... ), got more settings after it");
    else
        status = ms_groups_from_setting(e, config_setting_get_elem(config_root_setting(&lc), 0), NULL, source,
                                        err);
    config_destroy(&lc);
    free(doc);
    return status;
}

void ms_groups_render(const ms_entry *e, int indent, char **buf, size_t *len, size_t *cap)
{
    ms_append(buf, len, cap, "(");
    for (size_t i = 0; i < e->n; i++) {
        ms_append(buf, len, cap, "%s\n%*s{\n", i ? "," : "", indent + 2, "");
        for (size_t j = 0; j < e->n_fields; j++) {
            const ms_entry *item = &e->items[i * e->n_fields + j];
            ms_entry_render(item, ms_key_element_name(item->key), indent + 4, buf, len, cap);
        }
        ms_append(buf, len, cap, "%*s}", indent + 2, "");
    }
    ms_append(buf, len, cap, "%s%*s);", e->n ? "\n" : "", e->n ? indent : 0, "");
}

ms_entry *ms_groups_item(const ms_entry *e, const char *rest)
{
    if (rest[0] != '[' || rest[1] < '1' || rest[1] > '9')
        return NULL;
    char *end;
    const unsigned long i = strtoul(rest + 1, &end, 10);
    if (strncmp(end, "].", 2) != 0 || i < 1 || i > e->n)
        return NULL;
    const int j = ms_field_index(e, end + 2);
    return j < 0 ? NULL : &e->items[(i - 1) * e->n_fields + (size_t)j];
}
