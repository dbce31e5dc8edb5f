/* config_entry.h — internal to the config loader (not installed): one resolved key, ms_entry, and
 * the helpers that config.c (declared keys, files, --set, defaults, resolved text) and
 * config_groups.c (keys whose value is a list of groups) share. The public interface is
 * include/metaspin/config.h.
 *
 * Invariant of a MS_KEY_GROUPS entry: `fields` holds its n_fields element keys (declared as
 * "<path>[].<name>", in declaration order) and `items` holds n × n_fields resolved entries, element
 * i's key j at items[i * n_fields + j], every one with its key set; n = 0 and items = NULL when the
 * list is empty. */
#ifndef METASPIN_CONFIG_ENTRY_H
#define METASPIN_CONFIG_ENTRY_H

#include <libconfig.h>
#include <stddef.h>
#include "metaspin/config.h"

typedef struct ms_entry ms_entry;
struct ms_entry {
    const ms_key *key;
    char where[300];          /* "demo.cfg:12", "--set" or "default" */
    int given;
    double value;             /* QUANTITY */
    double *list;             /* LIST, VECTOR */
    size_t n;                 /* LIST, VECTOR: values; GROUPS: elements */
    long ival;                /* INT, BOOL */
    char *sval;               /* STRING, CHOICE */
    const ms_key **fields;    /* GROUPS: the element keys */
    size_t n_fields;
    ms_entry *items;          /* GROUPS: n × n_fields element values */
};

/* ---- config.c ---- */

/* Resolve a scalar, list or vector entry from text (a default, an override) or from a libconfig
 * setting; on failure `why` says what is wrong with the value (without where or path). */
int ms_entry_from_text(ms_entry *e, const char *text, char *why, size_t len);
int ms_entry_from_setting(ms_entry *e, const config_setting_t *s, char *why, size_t len);
/* Free what the entry owns (values, elements), leaving its key and where. */
void ms_entry_release(ms_entry *e);
/* Append "<indent><name> = <value>;  # unit\n" to the growing text *buf (*len used, *cap held). */
void ms_entry_render(const ms_entry *e, const char *name, int indent, char **buf, size_t *len, size_t *cap);
void ms_append(char **buf, size_t *len, size_t *cap, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Fill err with "<where>: <path>: <message>" and return MS_EINPUT. */
int ms_config_fail(ms_error *err, const char *where, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* " (did you mean \"<prefix><best>\"?)" for the candidate nearest to `name`, or "". */
void ms_config_hint(const char *name, const char *const *candidates, size_t n, const char *prefix, char *out,
                    size_t len);

/* ---- config_groups.c ---- */

/* The part of an element key's path after "[]." ("size" of "mesh.shapes[].size"), or NULL when the
 * key is not an element key. */
const char *ms_key_element_name(const ms_key *k);
/* Collect the element keys of the list entry e from the schemas (MS_EINTERNAL when it has none,
 * or when one is itself a list of groups). */
int ms_groups_declare(ms_entry *e, const ms_key *const *schemas, ms_error *err);
/* Read e's elements from a libconfig list; `file` names the config file for "file:line" wheres, or
 * is NULL, and then every where is `source` ("--set", "default"). Replaces earlier elements. */
int ms_groups_from_setting(ms_entry *e, const config_setting_t *list, const char *file, const char *source,
                           ms_error *err);
/* The same from text "( { ... }, ... )" (an override or the default), parsed by libconfig. */
int ms_groups_from_text(ms_entry *e, const char *text, const char *source, ms_error *err);
/* Append the value "( { ... }, ... );" at the given indentation of the key's line. */
void ms_groups_render(const ms_entry *e, int indent, char **buf, size_t *len, size_t *cap);
/* The element value that "[i].name" (the rest of a path after the list's path) names, or NULL. */
ms_entry *ms_groups_item(const ms_entry *e, const char *rest);

#endif
