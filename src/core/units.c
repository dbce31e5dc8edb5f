/* units.c — parse quantities with units and convert them to SI (see include/metaspin/units.h).
 *
 * Grammar of a unit expression: factor { ('*' | ' ' | '/') factor }, factor = '(' expr ')' | '1'
 * | symbol ['^' int | int], where '/' divides by the next factor (parenthesise compound
 * denominators: "J/(V m)"). A symbol is a unit, or an SI prefix followed by a unit; an exact unit
 * match wins over a prefix reading ("min" is minutes, "mT" is millitesla).
 * μ0 = 4π×10⁻⁷ N/A² exactly as used by micromagnetic codes (OOMMF, mumax3). */
#include "metaspin/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS_MU0 (4e-7 * M_PI)

/*                                       m  kg   s   A   K */
static const struct {
    const char *symbol;
    double scale;
    signed char e[MS_DIM_BASES];
} ms_unit_table[] = {
    {"m", 1.0, {1, 0, 0, 0, 0}},
    {"g", 1e-3, {0, 1, 0, 0, 0}},
    {"s", 1.0, {0, 0, 1, 0, 0}},
    {"A", 1.0, {0, 0, 0, 1, 0}},
    {"K", 1.0, {0, 0, 0, 0, 1}},
    {"T", 1.0, {0, 1, -2, -1, 0}},
    {"V", 1.0, {2, 1, -3, -1, 0}},
    {"J", 1.0, {2, 1, -2, 0, 0}},
    {"eV", 1.602176634e-19, {2, 1, -2, 0, 0}},
    {"W", 1.0, {2, 1, -3, 0, 0}},
    {"N", 1.0, {1, 1, -2, 0, 0}},
    {"Pa", 1.0, {-1, 1, -2, 0, 0}},
    {"C", 1.0, {0, 0, 1, 1, 0}},
    {"F", 1.0, {-2, -1, 4, 2, 0}},
    {"ohm", 1.0, {2, 1, -3, -2, 0}},
    {"Ohm", 1.0, {2, 1, -3, -2, 0}},
    {"\xCE\xA9", 1.0, {2, 1, -3, -2, 0}}, /* Ω */
    {"Hz", 1.0, {0, 0, -1, 0, 0}},
    {"Oe", 1000.0 / (4.0 * M_PI), {-1, 0, 0, 1, 0}},
    {"rad", 1.0, {0, 0, 0, 0, 0}},
    {"sr", 1.0, {0, 0, 0, 0, 0}},
    {"deg", M_PI / 180.0, {0, 0, 0, 0, 0}},
    {"min", 60.0, {0, 0, 1, 0, 0}},
    {"h", 3600.0, {0, 0, 1, 0, 0}},
    {"day", 86400.0, {0, 0, 1, 0, 0}},
    {"yr", 3.15576e7, {0, 0, 1, 0, 0}},
    {"%", 0.01, {0, 0, 0, 0, 0}},
};

static const struct {
    const char *prefix;
    double scale;
} ms_prefix_table[] = {
    {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"\xC2\xB5", 1e-6}, {"\xCE\xBC", 1e-6},
    {"m", 1e-3},  {"c", 1e-2},  {"k", 1e3},  {"M", 1e6}, {"G", 1e9},          {"T", 1e12},
};

/* Named dimensions, for error messages ("expects a length (m), got ... (magnetic flux density)"). */
static const struct {
    const char *name;
    signed char e[MS_DIM_BASES];
} ms_dim_names[] = {
    {"dimensionless number", {0, 0, 0, 0, 0}},
    {"length", {1, 0, 0, 0, 0}},
    {"area", {2, 0, 0, 0, 0}},
    {"volume", {3, 0, 0, 0, 0}},
    {"mass", {0, 1, 0, 0, 0}},
    {"time", {0, 0, 1, 0, 0}},
    {"frequency", {0, 0, -1, 0, 0}},
    {"current", {0, 0, 0, 1, 0}},
    {"temperature", {0, 0, 0, 0, 1}},
    {"magnetic field", {-1, 0, 0, 1, 0}},
    {"magnetic flux density", {0, 1, -2, -1, 0}},
    {"current density", {-2, 0, 0, 1, 0}},
    {"energy", {2, 1, -2, 0, 0}},
    {"energy density", {-1, 1, -2, 0, 0}},
    {"exchange stiffness", {1, 1, -2, 0, 0}},
    {"surface energy density", {0, 1, -2, 0, 0}},
    {"voltage", {2, 1, -3, -1, 0}},
    {"electric field", {1, 1, -3, -1, 0}},
    {"resistance", {2, 1, -3, -2, 0}},
    {"power", {2, 1, -3, 0, 0}},
    {"charge", {0, 0, 1, 1, 0}},
    {"areal charge density", {-2, 0, 1, 1, 0}},
    {"capacitance", {-2, -1, 4, 2, 0}},
    {"gyromagnetic ratio", {0, -1, 1, 1, 0}},
    {"gyromagnetic ratio times mu0", {1, 0, -1, -1, 0}},
    {"VCMA coefficient", {-1, 0, 1, 1, 0}}, /* J/(V m) = C/m */
    {"number density", {-3, 0, 0, 0, 0}},
    {"areal density", {-2, 0, 0, 0, 0}},
    {"heat capacity", {2, 1, -2, 0, -1}},
    {"thermal resistance", {-2, -1, 3, 0, 1}},
    {"entropy density", {-1, 1, -2, 0, -1}},
    {"temperature per field", {0, -1, 2, 1, 1}},
    {"rate per area", {-2, 0, -1, 0, 0}},
    {"velocity", {1, 0, -1, 0, 0}},
    {"diffusivity", {2, 0, -1, 0, 0}},
};

int ms_dim_equal(ms_dim a, ms_dim b) { return memcmp(a.e, b.e, sizeof a.e) == 0; }

static ms_dim ms_dim_from(const signed char e[MS_DIM_BASES])
{
    ms_dim d;
    memcpy(d.e, e, sizeof d.e);
    return d;
}

void ms_units_describe(ms_dim dim, char *out, size_t out_len)
{
    for (size_t i = 0; i < sizeof ms_dim_names / sizeof ms_dim_names[0]; i++) {
        if (ms_dim_equal(dim, ms_dim_from(ms_dim_names[i].e))) {
            snprintf(out, out_len, "%s", ms_dim_names[i].name);
            return;
        }
    }
    static const char *base[MS_DIM_BASES] = {"m", "kg", "s", "A", "K"};
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < MS_DIM_BASES && n < out_len; i++) {
        if (dim.e[i] == 0)
            continue;
        n += (size_t)snprintf(out + n, out_len - n, n ? " %s" : "%s", base[i]);
        if (dim.e[i] != 1 && n < out_len)
            n += (size_t)snprintf(out + n, out_len - n, "^%d", dim.e[i]);
    }
}

/* ---- parser state: a cursor over the expression ---- */
typedef struct {
    const char *p;
    char *why;
    size_t why_len;
} ms_unit_parser;

static int ms_is_symbol_byte(unsigned char c)
{
    return isalpha(c) || c == '%' || c >= 0x80; /* UTF-8 µ, μ, Ω */
}

static int ms_unit_lookup(const char *sym, size_t len, double *scale, ms_dim *dim)
{
    for (size_t i = 0; i < sizeof ms_unit_table / sizeof ms_unit_table[0]; i++) {
        if (strlen(ms_unit_table[i].symbol) == len && strncmp(ms_unit_table[i].symbol, sym, len) == 0) {
            *scale = ms_unit_table[i].scale;
            *dim = ms_dim_from(ms_unit_table[i].e);
            return 0;
        }
    }
    return -1;
}

static int ms_symbol_lookup(const char *sym, size_t len, double *scale, ms_dim *dim)
{
    if (ms_unit_lookup(sym, len, scale, dim) == 0)
        return 0;
    for (size_t i = 0; i < sizeof ms_prefix_table / sizeof ms_prefix_table[0]; i++) {
        const size_t pl = strlen(ms_prefix_table[i].prefix);
        if (len > pl && strncmp(sym, ms_prefix_table[i].prefix, pl) == 0 &&
            ms_unit_lookup(sym + pl, len - pl, scale, dim) == 0) {
            *scale *= ms_prefix_table[i].scale;
            return 0;
        }
    }
    return -1;
}

static void ms_skip_space(ms_unit_parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

static int ms_parse_expr(ms_unit_parser *ps, double *scale, ms_dim *dim, int depth);

static int ms_parse_factor(ms_unit_parser *ps, double *scale, ms_dim *dim, int depth)
{
    ms_skip_space(ps);
    if (*ps->p == '(') {
        ps->p++;
        if (ms_parse_expr(ps, scale, dim, depth + 1))
            return -1;
        ms_skip_space(ps);
        if (*ps->p != ')') {
            snprintf(ps->why, ps->why_len, "missing ')' in unit");
            return -1;
        }
        ps->p++;
    } else if (*ps->p == '1' && !isdigit((unsigned char)ps->p[1])) {
        ps->p++;
        *scale = 1.0;
        memset(dim, 0, sizeof *dim);
    } else {
        const char *start = ps->p;
        while (ms_is_symbol_byte((unsigned char)*ps->p))
            ps->p++;
        const size_t len = (size_t)(ps->p - start);
        if (len == 0 || ms_symbol_lookup(start, len, scale, dim)) {
            snprintf(ps->why, ps->why_len, "unknown unit \"%.*s\"", len ? (int)len : 1, start);
            return -1;
        }
    }
    /* optional power: ^n, ^-n, or a bare digit string (m2, m-3 is not accepted: use m^-3) */
    int power = 1;
    if (*ps->p == '^' || isdigit((unsigned char)*ps->p)) {
        if (*ps->p == '^')
            ps->p++;
        char *end;
        const long v = strtol(ps->p, &end, 10);
        if (end == ps->p || v < -9 || v > 9) {
            snprintf(ps->why, ps->why_len, "bad exponent in unit");
            return -1;
        }
        power = (int)v;
        ps->p = end;
    }
    *scale = pow(*scale, power);
    for (int i = 0; i < MS_DIM_BASES; i++)
        dim->e[i] = (signed char)(dim->e[i] * power);
    return 0;
}

static int ms_parse_expr(ms_unit_parser *ps, double *scale, ms_dim *dim, int depth)
{
    if (depth > 8) {
        snprintf(ps->why, ps->why_len, "unit nested too deeply");
        return -1;
    }
    if (ms_parse_factor(ps, scale, dim, depth))
        return -1;
    for (;;) {
        ms_skip_space(ps);
        int sign = 1;
        if (*ps->p == '/') {
            sign = -1;
            ps->p++;
        } else if (*ps->p == '*' || *ps->p == '.') {
            ps->p++;
        } else if (*ps->p == '\0' || *ps->p == ')') {
            return 0;
        }
        double s;
        ms_dim d;
        if (ms_parse_factor(ps, &s, &d, depth))
            return -1;
        *scale *= sign > 0 ? s : 1.0 / s;
        for (int i = 0; i < MS_DIM_BASES; i++)
            dim->e[i] = (signed char)(dim->e[i] + sign * d.e[i]);
    }
}

int ms_units_parse_unit(const char *unit, double *scale, ms_dim *dim, char *why, size_t why_len)
{
    char scratch[8];
    if (!why) {
        why = scratch;
        why_len = sizeof scratch;
    }
    ms_unit_parser ps = {unit, why, why_len};
    ms_skip_space(&ps);
    if (*ps.p == '\0') {
        *scale = 1.0;
        memset(dim, 0, sizeof *dim);
        return 0;
    }
    if (ms_parse_expr(&ps, scale, dim, 0))
        return -1;
    ms_skip_space(&ps);
    if (*ps.p != '\0') {
        snprintf(why, why_len, "unexpected \"%s\" in unit", ps.p);
        return -1;
    }
    return 0;
}

/* The μ0 conversions: A/m <-> T, and rad/(s T) <-> m/(A s). Returns the factor, or 0 if none. */
static double ms_mu0_factor(ms_dim given, ms_dim want)
{
    static const signed char field[] = {-1, 0, 0, 1, 0}, tesla[] = {0, 1, -2, -1, 0};
    static const signed char gamma[] = {0, -1, 1, 1, 0}, gamma0[] = {1, 0, -1, -1, 0};
    if (ms_dim_equal(given, ms_dim_from(tesla)) && ms_dim_equal(want, ms_dim_from(field)))
        return 1.0 / MS_MU0;
    if (ms_dim_equal(given, ms_dim_from(field)) && ms_dim_equal(want, ms_dim_from(tesla)))
        return MS_MU0;
    if (ms_dim_equal(given, ms_dim_from(gamma0)) && ms_dim_equal(want, ms_dim_from(gamma)))
        return 1.0 / MS_MU0;
    if (ms_dim_equal(given, ms_dim_from(gamma)) && ms_dim_equal(want, ms_dim_from(gamma0)))
        return MS_MU0;
    return 0.0;
}

static const char *ms_article(const char *noun)
{
    return strchr("aeiouAEIOU", noun[0]) ? "an" : "a";
}

int ms_units_convert(const char *text, const char *expect, double *si, char *why, size_t why_len)
{
    char scratch[256], what[96], want_name[96];
    if (!why) {
        why = scratch;
        why_len = sizeof scratch;
    }
    double want_scale;
    ms_dim want;
    if (ms_units_parse_unit(expect, &want_scale, &want, why, why_len))
        return -1; /* a bad declaration: reported as such by the caller's tests */
    ms_units_describe(want, want_name, sizeof want_name);

    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end;
    const double number = strtod(p, &end);
    if (end == p || !isfinite(number) || (end > p && isalpha((unsigned char)p[0]))) {
        snprintf(why, why_len, "expects %s %s (%s), got \"%s\" (not a number)", ms_article(want_name),
                 want_name, expect[0] ? expect : "no unit", text);
        return -1;
    }
    double scale;
    ms_dim given;
    char reason[128];
    if (ms_units_parse_unit(end, &scale, &given, reason, sizeof reason)) {
        snprintf(why, why_len, "expects %s %s (%s), got \"%s\" (%s)", ms_article(want_name), want_name,
                 expect[0] ? expect : "no unit", text, reason);
        return -1;
    }
    const char *rest = end;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (*rest == '\0') { /* a plain number is already in the declared SI unit */
        given = want;
        scale = want_scale;
    }
    double factor = 1.0;
    if (!ms_dim_equal(given, want)) {
        factor = ms_mu0_factor(given, want);
        if (factor == 0.0) {
            ms_units_describe(given, what, sizeof what);
            snprintf(why, why_len, "expects %s %s (%s), got \"%s\" (%s)", ms_article(want_name),
                     want_name, expect[0] ? expect : "no unit", text, what);
            return -1;
        }
    }
    *si = number * scale * factor / want_scale;
    if (!isfinite(*si)) {
        snprintf(why, why_len, "value \"%s\" overflows", text);
        return -1;
    }
    return 0;
}
