/* config.h — declared, unit-aware configuration (libconfig files plus --set overrides).
 *
 * Every key is declared once, as data (STYLE.md rule 11): path, type, SI unit, default, allowed
 * range and a one-line doc. A command passes the NULL-terminated schemas it uses to
 * ms_config_load(), which reads the file, applies `--set path=value` overrides, refuses unknown
 * keys (with a "did you mean" hint), converts units to SI, checks ranges and fills defaults.
 * Errors name file:line and key. The resolved config (all SI, defaults filled) prints as libconfig
 * text and is stored in every output file.
 *
 * A key of type MS_KEY_GROUPS holds a list of groups, `shapes = ( { kind = "disk"; ... }, ... );`.
 * Its element keys are declared like any key, in a schema next to it, with the path
 * "<list path>[].<name>" ("mesh.shapes[].size"), and each element is read against them (units,
 * ranges, choices, defaults, unknown names). Elements are numbered from 1: "mesh.shapes[2].size" is
 * the size of the second element, in error messages and in the getters alike. `--set path=( ... )`
 * replaces the whole list. Reading lists of groups: src/core/config_groups.c.
 *
 * Lifecycle: ms_config_load() -> getters (any number, any thread) -> ms_config_destroy().
 * Getting a key that no schema declared is a programming error (MS_ASSERT). */
#ifndef METASPIN_CONFIG_H
#define METASPIN_CONFIG_H

#include <stddef.h>
#include "error.h"

typedef enum ms_key_type {
    MS_KEY_QUANTITY,  /* one number with unit; text "40 nm" or plain SI number */
    MS_KEY_LIST,      /* list of quantities: ["1 ns", "2 ns"], or "linspace(a, b, n)" / "logspace(a, b, n)" */
    MS_KEY_VECTOR,    /* exactly three quantities [x, y, z] */
    MS_KEY_INT,       /* integer (range applies) */
    MS_KEY_BOOL,      /* true / false */
    MS_KEY_STRING,    /* free text (file names, labels) */
    MS_KEY_CHOICE,    /* one of the '|'-separated words in `choices` */
    MS_KEY_GROUPS     /* list of groups ( { name = value; ... }, ... ); element keys "<path>[].<name>";
                         default "()" = empty (an empty list not given is left out of the resolved text) */
} ms_key_type;

typedef struct ms_key {
    const char *path;     /* "geometry.thickness" (groups separated by '.'); an element key of the list
                             of groups "mesh.shapes" is "mesh.shapes[].size" */
    ms_key_type type;
    const char *unit;     /* SI unit expression for quantities ("m", "A/m"); "" = dimensionless */
    const char *def;      /* default as it would be written in a file; NULL = required */
    const char *range;    /* "(0, inf)", "[0, 1]", NULL = any; checked in SI */
    const char *choices;  /* MS_KEY_CHOICE: "heun|rk45|rk4" */
    const char *doc;      /* one line for docs and --help */
} ms_key;

typedef struct ms_config ms_config;

/* Load `file` (NULL: no file, defaults and overrides only) against the NULL-terminated list of
 * NULL-path-terminated schemas. overrides are "path=value" strings. */
int ms_config_load(ms_config **out, const char *file, const char *const *overrides, int n_overrides,
                   const ms_key *const *schemas, ms_error *err);
void ms_config_destroy(ms_config *cfg);

double ms_config_get(const ms_config *cfg, const char *path);             /* QUANTITY (SI) */
long ms_config_get_int(const ms_config *cfg, const char *path);           /* INT */
int ms_config_get_bool(const ms_config *cfg, const char *path);           /* BOOL */
const char *ms_config_get_string(const ms_config *cfg, const char *path); /* STRING, CHOICE */
/* LIST and VECTOR: returns the count and points *values at the SI values (owned by cfg). */
size_t ms_config_get_list(const ms_config *cfg, const char *path, const double **values);
void ms_config_get_vector(const ms_config *cfg, const char *path, double v[3]);
/* GROUPS: the number of elements. Their values come from the getters above with element paths,
 * numbered from 1: ms_config_get_vector(cfg, "mesh.shapes[2].size", v). */
size_t ms_config_get_count(const ms_config *cfg, const char *path);

/* Was the key given (file or --set), rather than defaulted? Groups count too ("ionics"), and so do
 * element keys ("mesh.shapes[1].region": written in that element). */
int ms_config_given(const ms_config *cfg, const char *path);
/* "demo.cfg:12", "--set", or "default": where a value came from, for error messages (an element
 * key defaulted inside an element: that element's file:line). */
const char *ms_config_where(const ms_config *cfg, const char *path);
/* Fill err with "<where>: <path>: <message>" and return MS_EINPUT: for checks made after loading
 * (e.g. a consistency condition between two keys). */
int ms_config_error(const ms_config *cfg, ms_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The resolved config as libconfig text (SI values, units in comments). Owned by cfg. */
const char *ms_config_text(const ms_config *cfg);
/* The resolved text of the keys whose path starts with `prefix` (for stage hashes). Caller frees. */
char *ms_config_text_under(const ms_config *cfg, const char *prefix);
/* The keys given in the file or by --set (not defaulted) that one of `schemas` declares, as
 * libconfig text (SI values): the part of a composite config that one stage reads. Caller frees. */
char *ms_config_text_given_in(const ms_config *cfg, const ms_key *const *schemas);
const char *ms_config_file(const ms_config *cfg);  /* file name given to load, or "" */
/* The path in string key `key`: a relative path written in the config file is taken relative to
 * that file's directory; one from --set or the default, relative to the working directory. */
int ms_config_get_path(const ms_config *cfg, const char *key, char *buf, size_t cap, ms_error *err);

/* Keys every command that writes a file accepts: output.file (string, "" = the command's default
 * name), output.csv (bool, also write CSV where the command supports it). */
extern const ms_key ms_output_keys[];

/* Documentation of a schema as Markdown table rows (for docs/ and `metaspin help CMD`). */
void ms_config_schema_print(const ms_key *schema, void *stream /* FILE* */, int markdown);
/* One Markdown table of all keys of a NULL-terminated schema list, each key once. */
void ms_config_schema_print_all(const ms_key *const *schemas, void *stream /* FILE* */);

#endif
