/* config.c — load a libconfig file against declared keys, apply --set overrides, convert units,
 * check ranges, fill defaults, and print the resolved config (see include/metaspin/config.h).
 *
 * Resolution order per key: --set override, then the file, then the declared default. Every
 * setting in the file must be a declared key (or a group containing declared keys). The resolved
 * text is itself a valid config (plain SI numbers) that loads back to the same values. Keys whose
 * value is a list of groups (MS_KEY_GROUPS) are read and rendered by config_groups.c; the entry
 * type both files share is in config_entry.h. */
#include "metaspin/config.h"
#include "core/config_entry.h"
#include "metaspin/units.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ms_config {
    char file[256];
    ms_entry *entries;
    size_t n_entries;
    char *text;
};

/* ---------- small helpers ---------- */

static ms_entry *ms_config_find(const ms_config *cfg, const char *path)
{
    for (size_t i = 0; i < cfg->n_entries; i++)
        if (strcmp(cfg->entries[i].key->path, path) == 0)
            return &cfg->entries[i];
    return NULL;
}

static size_t ms_levenshtein(const char *a, const char *b)
{
    const size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127)
        return 1000;
    size_t row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            const size_t up = row[j];
            const size_t sub = diag + (a[i - 1] != b[j - 1]);
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[lb];
}

void ms_config_hint(const char *name, const char *const *candidates, size_t n, const char *prefix, char *out,
                    size_t len)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        const size_t d = ms_levenshtein(name, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    const size_t limit = strlen(name) / 3 > 2 ? strlen(name) / 3 : 2;
    if (best && best_d <= limit)
        snprintf(out, len, " (did you mean \"%s%s\"?)", prefix, best);
    else
        out[0] = '\0';
}

/* " (did you mean \"x.y\"?)" or "" */
static void ms_config_suggest(const ms_config *cfg, const char *path, char *out, size_t len)
{
    const char **paths = malloc((cfg->n_entries ? cfg->n_entries : 1) * sizeof *paths);
    out[0] = '\0';
    if (!paths)
        return;
    for (size_t i = 0; i < cfg->n_entries; i++)
        paths[i] = cfg->entries[i].key->path;
    ms_config_hint(path, paths, cfg->n_entries, "", out, len);
    free(paths);
}

int ms_config_fail(ms_error *err, const char *where, const char *path, const char *fmt, ...)
{
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return MS_ERROR(err, MS_EINPUT, "%s: %s: %s", where, path, msg);
}

/* ---------- ranges: "(0, inf)", "[0, 1]" ---------- */

static int ms_range_check(const char *range, double v, char *why, size_t len)
{
    if (!range)
        return 0;
    double lo, hi;
    char open, close, los[32], his[32];
    if (sscanf(range, " %c %31[^,] , %31[^])] %c", &open, los, his, &close) != 4)
        return 0; /* malformed declarations are caught by the schema test */
    lo = strcmp(los, "-inf") == 0 ? -INFINITY : strtod(los, NULL);
    hi = strcmp(his, "inf") == 0 ? INFINITY : strtod(his, NULL);
    const int ok_lo = open == '[' ? v >= lo : v > lo;
    const int ok_hi = close == ']' ? v <= hi : v < hi;
    if (ok_lo && ok_hi)
        return 0;
    snprintf(why, len, "must be in %s, got %.6g", range, v);
    return -1;
}

/* ---------- converting one value ---------- */

static int ms_text_quantity(const ms_key *key, const char *text, double *v, char *why, size_t len)
{
    if (ms_units_convert(text, key->unit ? key->unit : "", v, why, len))
        return -1;
    return ms_range_check(key->range, *v, why, len);
}

/* Split "a, b, c" (optionally in [ ]) at top-level commas into a list of quantities, or expand
 * linspace(a, b, n) / logspace(a, b, n). */
static int ms_text_list(const ms_key *key, const char *text, double **out, size_t *n, char *why,
                        size_t len)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", text);
    char *s = buf;
    while (isspace((unsigned char)*s))
        s++;
    int lin = strncmp(s, "linspace(", 9) == 0, log = strncmp(s, "logspace(", 9) == 0;
    if (lin || log) {
        char *close = strrchr(s, ')');
        char a[128], b[128];
        long count;
        if (!close || (*close = '\0', sscanf(s + 9, " %127[^,] , %127[^,] , %ld", a, b, &count) != 3) ||
            count < 1 || count > 1000000) {
            snprintf(why, len, "expects %s(start, stop, n), got \"%s\"", lin ? "linspace" : "logspace", text);
            return -1;
        }
        double va, vb;
        if (ms_text_quantity(key, a, &va, why, len) || ms_text_quantity(key, b, &vb, why, len))
            return -1;
        if (log && (va <= 0 || vb <= 0)) {
            snprintf(why, len, "logspace needs positive bounds, got \"%s\"", text);
            return -1;
        }
        *out = malloc((size_t)count * sizeof **out);
        if (!*out)
            return -1;
        for (long i = 0; i < count; i++) {
            const double f = count > 1 ? (double)i / (double)(count - 1) : 0.0;
            (*out)[i] = lin ? va + f * (vb - va) : va * pow(vb / va, f);
        }
        *n = (size_t)count;
        return 0;
    }
    if (*s == '[') {
        s++;
        char *close = strrchr(s, ']');
        if (close)
            *close = '\0';
    }
    size_t cap = 8, count = 0;
    double *vals = malloc(cap * sizeof *vals);
    for (char *item = s; vals && *item;) {
        int depth = 0;
        char *e = item;
        while (*e && !(*e == ',' && depth == 0)) {
            depth += (*e == '(') - (*e == ')');
            e++;
        }
        const int last = *e == '\0';
        *e = '\0';
        while (isspace((unsigned char)*item))
            item++;
        if (*item) {
            if (count == cap) {
                double *grown = realloc(vals, 2 * cap * sizeof *vals);
                if (!grown)
                    break;
                vals = grown;
                cap *= 2;
            }
            if (ms_text_quantity(key, item, &vals[count], why, len)) {
                free(vals);
                return -1;
            }
            count++;
        }
        if (last)
            break;
        item = e + 1;
    }
    *out = vals;
    *n = count;
    return 0;
}

static int ms_text_bool(const char *t, long *v)
{
    if (!strcasecmp(t, "true") || !strcasecmp(t, "yes") || !strcmp(t, "1") || !strcasecmp(t, "on"))
        *v = 1;
    else if (!strcasecmp(t, "false") || !strcasecmp(t, "no") || !strcmp(t, "0") || !strcasecmp(t, "off"))
        *v = 0;
    else
        return -1;
    return 0;
}

static int ms_choice_ok(const char *choices, const char *word)
{
    const size_t wl = strlen(word);
    for (const char *c = choices; c && *c;) {
        const char *bar = strchr(c, '|');
        const size_t cl = bar ? (size_t)(bar - c) : strlen(c);
        if (cl == wl && strncmp(c, word, wl) == 0)
            return 1;
        c = bar ? bar + 1 : NULL;
    }
    return 0;
}

/* Resolve an entry from text (override or default). */
int ms_entry_from_text(ms_entry *e, const char *text, char *why, size_t len)
{
    const ms_key *k = e->key;
    switch (k->type) {
    case MS_KEY_QUANTITY:
        return ms_text_quantity(k, text, &e->value, why, len);
    case MS_KEY_LIST:
    case MS_KEY_VECTOR:
        if (ms_text_list(k, text, &e->list, &e->n, why, len))
            return -1;
        if (k->type == MS_KEY_VECTOR && e->n != 3) {
            snprintf(why, len, "expects three components [x, y, z], got %zu", e->n);
            return -1;
        }
        return 0;
    case MS_KEY_INT: {
        char *end;
        e->ival = strtol(text, &end, 10);
        while (isspace((unsigned char)*end))
            end++;
        if (end == text || *end) {
            snprintf(why, len, "expects an integer, got \"%s\"", text);
            return -1;
        }
        return ms_range_check(k->range, (double)e->ival, why, len);
    }
    case MS_KEY_BOOL:
        if (ms_text_bool(text, &e->ival)) {
            snprintf(why, len, "expects true or false, got \"%s\"", text);
            return -1;
        }
        return 0;
    case MS_KEY_STRING:
    case MS_KEY_CHOICE:
        if (k->type == MS_KEY_CHOICE && !ms_choice_ok(k->choices, text)) {
            snprintf(why, len, "expects one of %s, got \"%s\"", k->choices, text);
            return -1;
        }
        free(e->sval);
        e->sval = strdup(text);
        return 0;
    case MS_KEY_GROUPS: /* read by ms_groups_from_text, which knows where the text came from */
        snprintf(why, len, "a list of groups is not a single value");
        return -1;
    }
    return -1;
}

/* Text form of a scalar libconfig setting, so that file values and overrides share one parser. */
static int ms_setting_text(const config_setting_t *s, char *buf, size_t len)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        snprintf(buf, len, "%d", config_setting_get_int(s));
        return 0;
    case CONFIG_TYPE_INT64:
        snprintf(buf, len, "%lld", config_setting_get_int64(s));
        return 0;
    case CONFIG_TYPE_FLOAT:
        snprintf(buf, len, "%.17g", config_setting_get_float(s));
        return 0;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, len, "%s", config_setting_get_bool(s) ? "true" : "false");
        return 0;
    case CONFIG_TYPE_STRING:
        snprintf(buf, len, "%s", config_setting_get_string(s));
        return 0;
    default:
        return -1;
    }
}

int ms_entry_from_setting(ms_entry *e, const config_setting_t *s, char *why, size_t len)
{
    char buf[4096];
    const int type = config_setting_type(s);
    const int is_seq = type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST;
    const int want_seq = e->key->type == MS_KEY_LIST || e->key->type == MS_KEY_VECTOR;
    if (is_seq && !want_seq) {
        snprintf(why, len, "expects a single value, got a list");
        return -1;
    }
    if (type == CONFIG_TYPE_GROUP) {
        snprintf(why, len, "expects a value, got a group");
        return -1;
    }
    if (e->key->type == MS_KEY_INT && type == CONFIG_TYPE_FLOAT) {
        snprintf(why, len, "expects an integer, got %.17g", config_setting_get_float(s));
        return -1;
    }
    if (is_seq) { /* join the elements as text: one list parser for all sources */
        size_t used = 0;
        buf[0] = '\0';
        for (int i = 0; i < config_setting_length(s); i++) {
            char item[256];
            if (ms_setting_text(config_setting_get_elem(s, (unsigned)i), item, sizeof item)) {
                snprintf(why, len, "list element %d is not a value", i + 1);
                return -1;
            }
            used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? ", " : "", item);
            if (used >= sizeof buf) {
                snprintf(why, len, "list too long");
                return -1;
            }
        }
        return ms_entry_from_text(e, buf, why, len);
    }
    if (ms_setting_text(s, buf, sizeof buf)) {
        snprintf(why, len, "unsupported value type");
        return -1;
    }
    if (e->key->type == MS_KEY_BOOL && type != CONFIG_TYPE_BOOL && type != CONFIG_TYPE_STRING) {
        snprintf(why, len, "expects true or false, got %.64s", buf);
        return -1;
    }
    return ms_entry_from_text(e, buf, why, len);
}

/* ---------- walking the file: every setting must be declared ---------- */

static int ms_is_group_prefix(const ms_config *cfg, const char *path)
{
    const size_t n = strlen(path);
    for (size_t i = 0; i < cfg->n_entries; i++) {
        const char *p = cfg->entries[i].key->path;
        if (strncmp(p, path, n) == 0 && p[n] == '.')
            return 1;
    }
    return 0;
}

static int ms_config_walk(ms_config *cfg, const config_setting_t *group, const char *prefix,
                          ms_error *err)
{
    for (int i = 0; i < config_setting_length(group); i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        char path[512], where[300], why[900], hint[160];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", config_setting_name(s));
        snprintf(where, sizeof where, "%s:%d", cfg->file, config_setting_source_line(s));
        ms_entry *e = ms_config_find(cfg, path);
        if (config_setting_type(s) == CONFIG_TYPE_GROUP && !e) {
            if (!ms_is_group_prefix(cfg, path)) {
                ms_config_suggest(cfg, path, hint, sizeof hint);
                return ms_config_fail(err, where, path, "unknown group%s", hint);
            }
            int status = ms_config_walk(cfg, s, path, err);
            if (status)
                return status;
            continue;
        }
        if (!e) {
            ms_config_suggest(cfg, path, hint, sizeof hint);
            return ms_config_fail(err, where, path, "unknown key%s", hint);
        }
        if (e->given) /* an override already set it; the file value is still parsed for errors */
            continue;
        if (e->key->type == MS_KEY_GROUPS) {
            const int status = ms_groups_from_setting(e, s, cfg->file, NULL, err);
            if (status)
                return status;
        } else if (ms_entry_from_setting(e, s, why, sizeof why))
            return ms_config_fail(err, where, path, "%s", why);
        e->given = 1;
        snprintf(e->where, sizeof e->where, "%s", where);
    }
    return MS_OK;
}

/* ---------- resolved text ---------- */

void ms_append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        const int n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (*buf && *len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        const size_t want = (*cap + (size_t)n + 1) * 2;
        char *grown = realloc(*buf, want);
        if (!grown)
            return;
        *buf = grown;
        *cap = want;
    }
}

static void ms_format_double(double v, char *out, size_t len)
{
    snprintf(out, len, "%.17g", v);
    if (!strpbrk(out, ".eni"))
        strncat(out, ".0", len - strlen(out) - 1);
}

static int ms_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const ms_entry *)a)->key->path, ((const ms_entry *)b)->key->path);
}

/* Split "a.b.c" into components; returns the count (at most 8). */
static int ms_path_split(const char *path, char comps[8][64])
{
    int n = 0;
    for (const char *p = path; *p && n < 8;) {
        const char *dot = strchr(p, '.');
        const size_t l = dot ? (size_t)(dot - p) : strlen(p);
        snprintf(comps[n++], 64, "%.*s", (int)l, p);
        if (!dot)
            break;
        p = dot + 1;
    }
    return n;
}

static void ms_render_value(const ms_entry *e, int indent, char **buf, size_t *len, size_t *cap)
{
    char num[64];
    switch (e->key->type) {
    case MS_KEY_QUANTITY:
        ms_format_double(e->value, num, sizeof num);
        ms_append(buf, len, cap, "%s;", num);
        break;
    case MS_KEY_LIST:
    case MS_KEY_VECTOR:
        ms_append(buf, len, cap, "[");
        for (size_t j = 0; j < e->n; j++) {
            ms_format_double(e->list[j], num, sizeof num);
            ms_append(buf, len, cap, "%s%s", j ? ", " : "", num);
        }
        ms_append(buf, len, cap, "];");
        break;
    case MS_KEY_INT:
        ms_append(buf, len, cap, "%ld;", e->ival);
        break;
    case MS_KEY_BOOL:
        ms_append(buf, len, cap, "%s;", e->ival ? "true" : "false");
        break;
    case MS_KEY_STRING:
    case MS_KEY_CHOICE:
        ms_append(buf, len, cap, "\"");
        for (const char *c = e->sval; c && *c; c++)
            ms_append(buf, len, cap, (*c == '"' || *c == '\\') ? "\\%c" : "%c", *c);
        ms_append(buf, len, cap, "\";");
        break;
    case MS_KEY_GROUPS:
        ms_groups_render(e, indent, buf, len, cap);
        break;
    }
}

void ms_entry_render(const ms_entry *e, const char *name, int indent, char **buf, size_t *len, size_t *cap)
{
    ms_append(buf, len, cap, "%*s%s = ", indent, "", name);
    ms_render_value(e, indent, buf, len, cap);
    if (e->key->unit && e->key->unit[0])
        ms_append(buf, len, cap, "  # %s", e->key->unit);
    ms_append(buf, len, cap, "\n");
}

typedef int (*ms_entry_filter)(const ms_entry *e, const void *data);

static int ms_filter_prefix(const ms_entry *e, const void *data)
{
    return strncmp(e->key->path, data, strlen(data)) == 0;
}

/* Emit the entries the filter accepts as nested libconfig groups (entries are sorted by path, so
 * each group's keys are contiguous). */
static char *ms_config_render(const ms_config *cfg, ms_entry_filter keep, const void *data)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char open[8][64];
    int depth = 0;
    ms_append(&buf, &len, &cap, "%s", "");
    for (size_t i = 0; i < cfg->n_entries; i++) {
        const ms_entry *e = &cfg->entries[i];
        if (!keep(e, data) || (e->key->type == MS_KEY_GROUPS && e->n == 0 && !e->given))
            continue; /* an empty list nobody gave: left out, so that the text loads back the same */
        char comps[8][64];
        const int n = ms_path_split(e->key->path, comps);
        int common = 0;
        while (common < depth && common < n - 1 && strcmp(open[common], comps[common]) == 0)
            common++;
        for (; depth > common; depth--)
            ms_append(&buf, &len, &cap, "%*s};\n", 2 * (depth - 1), "");
        for (; depth < n - 1; depth++) {
            ms_append(&buf, &len, &cap, "%*s%s: {\n", 2 * depth, "", comps[depth]);
            snprintf(open[depth], sizeof open[depth], "%s", comps[depth]);
        }
        ms_entry_render(e, comps[n - 1], 2 * depth, &buf, &len, &cap);
    }
    for (; depth > 0; depth--)
        ms_append(&buf, &len, &cap, "%*s};\n", 2 * (depth - 1), "");
    return buf;
}

/* ---------- public API ---------- */

/* The list-of-groups entry whose element key is k ("mesh.shapes" for "mesh.shapes[].size"). */
static ms_entry *ms_config_list_of(const ms_config *cfg, const ms_key *k)
{
    char list[512];
    snprintf(list, sizeof list, "%.*s", (int)(ms_key_element_name(k) - 3 - k->path), k->path);
    ms_entry *e = ms_config_find(cfg, list);
    return e && e->key->type == MS_KEY_GROUPS ? e : NULL;
}

/* One entry per declared key; element keys of lists of groups go to their list's entry. */
static int ms_config_declare(ms_config *cfg, const ms_key *const *schemas, ms_error *err)
{
    size_t total = 0;
    for (const ms_key *const *s = schemas; s && *s; s++)
        for (const ms_key *k = *s; k->path; k++)
            total++;
    cfg->entries = calloc(total ? total : 1, sizeof *cfg->entries);
    if (!cfg->entries)
        return MS_ERROR(err, MS_ENOMEM, "out of memory declaring %zu config keys", total);
    for (const ms_key *const *s = schemas; s && *s; s++) {
        for (const ms_key *k = *s; k->path; k++) {
            if (ms_key_element_name(k) || ms_config_find(cfg, k->path))
                continue; /* an element key, or the same table included twice */
            cfg->entries[cfg->n_entries].key = k;
            snprintf(cfg->entries[cfg->n_entries].where, sizeof cfg->entries[0].where, "default");
            cfg->n_entries++;
        }
    }
    qsort(cfg->entries, cfg->n_entries, sizeof *cfg->entries, ms_entry_cmp);
    for (const ms_key *const *s = schemas; s && *s; s++)
        for (const ms_key *k = *s; k->path; k++)
            if (ms_key_element_name(k) && !ms_config_list_of(cfg, k))
                return MS_ERROR(err, MS_EINTERNAL, "config key %s: its list of groups is not declared", k->path);
    for (size_t i = 0; i < cfg->n_entries; i++)
        if (cfg->entries[i].key->type == MS_KEY_GROUPS) {
            const int status = ms_groups_declare(&cfg->entries[i], schemas, err);
            if (status)
                return status;
        }
    return MS_OK;
}

/* The entry of `path`: a declared key, or an element key "list[i].name" of a list of groups. */
static ms_entry *ms_config_lookup(const ms_config *cfg, const char *path)
{
    const char *bracket = strchr(path, '[');
    if (!bracket)
        return ms_config_find(cfg, path);
    char list[512];
    snprintf(list, sizeof list, "%.*s", (int)(bracket - path), path);
    const ms_entry *e = ms_config_find(cfg, list);
    return e && e->key->type == MS_KEY_GROUPS ? ms_groups_item(e, bracket) : NULL;
}

/* --set of one element key, "mesh.shapes[2].size=...": refused, the list is set as a whole. */
static int ms_config_element_override(const ms_config *cfg, const char *path, ms_error *err)
{
    const char *bracket = strchr(path, '[');
    char list[512];
    snprintf(list, sizeof list, "%.*s", bracket ? (int)(bracket - path) : 0, path);
    const ms_entry *e = bracket ? ms_config_find(cfg, list) : NULL;
    if (!e || e->key->type != MS_KEY_GROUPS)
        return MS_OK;
    return ms_config_fail(err, "--set", path, "an element cannot be set alone; set the whole list: "
                          "--set '%s=( { key = value; ... }, ... )'", list);
}

static int ms_config_apply_overrides(ms_config *cfg, const char *const *overrides, int n, ms_error *err)
{
    for (int i = 0; i < n; i++) {
        char path[512], why[900], hint[160];
        const char *eq = strchr(overrides[i], '=');
        if (!eq || eq == overrides[i])
            return MS_ERROR(err, MS_EINPUT, "--set %s: expects path.key=value", overrides[i]);
        snprintf(path, sizeof path, "%.*s", (int)(eq - overrides[i]), overrides[i]);
        ms_entry *e = ms_config_find(cfg, path);
        if (!e) {
            const int status = ms_config_element_override(cfg, path, err);
            if (status)
                return status;
            ms_config_suggest(cfg, path, hint, sizeof hint);
            return ms_config_fail(err, "--set", path, "unknown key%s", hint);
        }
        if (e->key->type == MS_KEY_GROUPS) { /* libconfig text ( { ... }, ... ): the whole list */
            const int status = ms_groups_from_text(e, eq + 1, "--set", err);
            if (status)
                return status;
            e->given = 1;
            snprintf(e->where, sizeof e->where, "--set");
            continue;
        }
        const char *value = eq + 1;
        char unquoted[4096];
        const size_t vl = strlen(value);
        if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
            snprintf(unquoted, sizeof unquoted, "%.*s", (int)(vl - 2), value + 1);
            value = unquoted;
        } else if (value[0] == '[') { /* file syntax ["40 nm", "40 nm"]: drop the element quotes */
            size_t k = 0;
            for (const char *c = value; *c && k + 1 < sizeof unquoted; c++)
                if (*c != '"')
                    unquoted[k++] = *c;
            unquoted[k] = '\0';
            value = unquoted;
        }
        free(e->list);
        e->list = NULL;
        if (ms_entry_from_text(e, value, why, sizeof why))
            return ms_config_fail(err, "--set", path, "%s", why);
        e->given = 1;
        snprintf(e->where, sizeof e->where, "--set");
    }
    return MS_OK;
}

static int ms_config_fill_defaults(ms_config *cfg, ms_error *err)
{
    for (size_t i = 0; i < cfg->n_entries; i++) {
        ms_entry *e = &cfg->entries[i];
        char why[900];
        if (e->given)
            continue;
        if (!e->key->def)
            return ms_config_fail(err, cfg->file[0] ? cfg->file : "config", e->key->path,
                                  "required key is missing (%s)", e->key->doc ? e->key->doc : "no default");
        if (e->key->type == MS_KEY_GROUPS) {
            if (ms_groups_from_text(e, e->key->def, "default", err) != MS_OK) {
                char message[sizeof err->message];
                snprintf(message, sizeof message, "%s", err ? err->message : "");
                return MS_ERROR(err, MS_EINTERNAL, "default of %s is invalid: %.900s", e->key->path, message);
            }
            continue;
        }
        if (ms_entry_from_text(e, e->key->def, why, sizeof why))
            return MS_ERROR(err, MS_EINTERNAL, "default of %s is invalid: %s", e->key->path, why);
    }
    return MS_OK;
}

int ms_config_load(ms_config **out, const char *file, const char *const *overrides, int n_overrides,
                   const ms_key *const *schemas, ms_error *err)
{
    int status = MS_OK;
    config_t lc;
    config_init(&lc);
    ms_config *cfg = calloc(1, sizeof *cfg);
    *out = NULL;
    if (!cfg) {
        config_destroy(&lc);
        return MS_ERROR(err, MS_ENOMEM, "out of memory loading config");
    }
    snprintf(cfg->file, sizeof cfg->file, "%s", file ? file : "");
    MS_TRY(ms_config_declare(cfg, schemas, err));
    MS_TRY(ms_config_apply_overrides(cfg, overrides, n_overrides, err));
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) {
            status = MS_ERROR(err, MS_EINPUT, "cannot read config \"%s\": %s", file, strerror(errno));
            goto fail;
        }
        struct stat st; /* libconfig's scanner exit()s on a read error such as EISDIR */
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            status = MS_ERROR(err, MS_EINPUT, "cannot read config \"%s\": is a directory", file);
            goto fail;
        }
        const int ok = config_read(&lc, f);
        fclose(f);
        if (ok != CONFIG_TRUE) {
            status = MS_ERROR(err, MS_EINPUT, "%s:%d: syntax error: %s", file, config_error_line(&lc),
                              config_error_text(&lc));
            goto fail;
        }
        MS_TRY(ms_config_walk(cfg, config_root_setting(&lc), "", err));
    }
    MS_TRY(ms_config_fill_defaults(cfg, err));
    cfg->text = ms_config_render(cfg, ms_filter_prefix, "");
    config_destroy(&lc);
    *out = cfg;
    return MS_OK;
fail:
    config_destroy(&lc);
    ms_config_destroy(cfg);
    return status;
}

void ms_entry_release(ms_entry *e)
{
    free(e->list);
    free(e->sval);
    e->list = NULL;
    e->sval = NULL;
    for (size_t i = 0; e->items && i < e->n * e->n_fields; i++)
        ms_entry_release(&e->items[i]);
    free(e->items);
    e->items = NULL;
    e->n = 0;
}

void ms_config_destroy(ms_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n_entries; i++) {
        ms_entry_release(&cfg->entries[i]);
        free(cfg->entries[i].fields);
    }
    free(cfg->entries);
    free(cfg->text);
    free(cfg);
}

static const ms_entry *ms_config_entry(const ms_config *cfg, const char *path, ms_key_type t1, ms_key_type t2)
{
    const ms_entry *e = ms_config_lookup(cfg, path);
    MS_ASSERT(e && "config key not declared in any schema");
    MS_ASSERT(e->key->type == t1 || e->key->type == t2);
    (void)t1;
    (void)t2;
    return e;
}

double ms_config_get(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_QUANTITY, MS_KEY_QUANTITY);
    return e ? e->value : NAN;
}

long ms_config_get_int(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_INT, MS_KEY_INT);
    return e ? e->ival : 0;
}

int ms_config_get_bool(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_BOOL, MS_KEY_BOOL);
    return e ? (int)e->ival : 0;
}

const char *ms_config_get_string(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_STRING, MS_KEY_CHOICE);
    return e && e->sval ? e->sval : "";
}

size_t ms_config_get_list(const ms_config *cfg, const char *path, const double **values)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_LIST, MS_KEY_VECTOR);
    *values = e ? e->list : NULL;
    return e ? e->n : 0;
}

void ms_config_get_vector(const ms_config *cfg, const char *path, double v[3])
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_VECTOR, MS_KEY_VECTOR);
    for (int i = 0; i < 3; i++)
        v[i] = e && e->n == 3 ? e->list[i] : NAN;
}

size_t ms_config_get_count(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_entry(cfg, path, MS_KEY_GROUPS, MS_KEY_GROUPS);
    return e ? e->n : 0;
}

int ms_config_given(const ms_config *cfg, const char *path)
{
    if (strchr(path, '[')) {
        const ms_entry *item = ms_config_lookup(cfg, path);
        return item && item->given;
    }
    const size_t n = strlen(path);
    for (size_t i = 0; i < cfg->n_entries; i++) {
        const char *p = cfg->entries[i].key->path;
        if (cfg->entries[i].given && strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '.'))
            return 1;
    }
    return 0;
}

const char *ms_config_where(const ms_config *cfg, const char *path)
{
    const ms_entry *e = ms_config_lookup(cfg, path);
    return e ? e->where : "config";
}

int ms_config_error(const ms_config *cfg, ms_error *err, const char *path, const char *fmt, ...)
{
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return MS_ERROR(err, MS_EINPUT, "%s: %s: %s", ms_config_where(cfg, path), path, msg);
}

const char *ms_config_text(const ms_config *cfg) { return cfg->text ? cfg->text : ""; }

char *ms_config_text_under(const ms_config *cfg, const char *prefix)
{
    return ms_config_render(cfg, ms_filter_prefix, prefix);
}

/* Given (file or --set) keys that one of the schemas declares. */
static int ms_filter_given_in(const ms_entry *e, const void *data)
{
    if (!e->given)
        return 0;
    for (const ms_key *const *s = data; *s; s++)
        for (const ms_key *k = *s; k->path; k++)
            if (strcmp(k->path, e->key->path) == 0)
                return 1;
    return 0;
}

char *ms_config_text_given_in(const ms_config *cfg, const ms_key *const *schemas)
{
    return ms_config_render(cfg, ms_filter_given_in, schemas);
}

const char *ms_config_file(const ms_config *cfg) { return cfg->file; }

int ms_config_get_path(const ms_config *cfg, const char *key, char *buf, size_t cap, ms_error *err)
{
    const char *value = ms_config_get_string(cfg, key), *file = ms_config_file(cfg);
    const char *where = ms_config_where(cfg, key), *slash = file ? strrchr(file, '/') : NULL;
    const int from_file = file && file[0] && strcmp(where, "--set") != 0 && strcmp(where, "default") != 0;
    int len;
    if (value[0] == '/' || !from_file || !slash)
        len = snprintf(buf, cap, "%s", value);
    else
        len = snprintf(buf, cap, "%.*s/%s", (int)(slash - file), file, value);
    if (len < 0 || (size_t)len >= cap)
        return ms_config_error(cfg, err, key, "path too long: \"%s\"", value);
    return MS_OK;
}

const ms_key ms_output_keys[] = {
    {"output.file", MS_KEY_STRING, NULL, "", NULL, NULL,
     "output HDF5 file; \"\" = the command's default name (-o overrides)"},
    {"output.csv", MS_KEY_BOOL, NULL, "false", NULL, NULL, "also write CSV tables where the command supports it"},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL},
};

static const char *ms_key_type_name(ms_key_type t)
{
    static const char *names[] = {"quantity", "list", "vector", "integer", "bool", "string", "choice", "groups"};
    return names[t];
}

static void ms_key_print(const ms_key *k, FILE *f, int markdown)
{
    const char *unit = k->unit && k->unit[0] ? k->unit : "-";
    const char *range = k->type == MS_KEY_CHOICE ? k->choices : (k->range ? k->range : "");
    if (markdown)
        fprintf(f, "| `%s` | %s | %s | %s | %s | %s |\n", k->path, ms_key_type_name(k->type), unit,
                k->def ? k->def : "(required)", range, k->doc ? k->doc : "");
    else
        fprintf(f, "  %-28s %-8s %-10s default %-14s %s\n", k->path, ms_key_type_name(k->type), unit,
                k->def ? k->def : "(required)", k->doc ? k->doc : "");
}

void ms_config_schema_print_all(const ms_key *const *schemas, void *stream)
{
    FILE *f = stream;
    fprintf(f, "| key | type | unit | default | range | description |\n|---|---|---|---|---|---|\n");
    for (const ms_key *const *s = schemas; *s; s++) {
        for (const ms_key *k = *s; k->path; k++) {
            int seen = 0;
            for (const ms_key *const *t = schemas; t != s && !seen; t++)
                for (const ms_key *q = *t; q->path && !seen; q++)
                    seen = strcmp(q->path, k->path) == 0;
            if (!seen)
                ms_key_print(k, f, 1);
        }
    }
}

void ms_config_schema_print(const ms_key *schema, void *stream, int markdown)
{
    FILE *f = stream;
    if (markdown)
        fprintf(f, "| key | type | unit | default | range | description |\n|---|---|---|---|---|---|\n");
    for (const ms_key *k = schema; k->path; k++)
        ms_key_print(k, f, markdown);
}

