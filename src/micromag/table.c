/* table.c — the time table of a mesh run: t, ⟨m⟩, the energy of each term and the total (J),
 * max |m × H| (A/m) and the step size (s), one row per recorded time; written as HDF5 by the
 * command and as a whitespace-separated text table for quick plotting. */
#include <stdio.h>
#include <stdlib.h>
#include "system.h"

static int grow(ms_mm_table *tab, size_t cap)
{
    double **cols[7 + MS_TERM_COUNT] = {&tab->t, &tab->mx, &tab->my, &tab->mz, &tab->e_total,
                                        &tab->torque, &tab->dt};
    for (int k = 0; k < MS_TERM_COUNT; k++)
        cols[7 + k] = &tab->e[k];
    for (int k = 0; k < 7 + MS_TERM_COUNT; k++) {
        double *p = realloc(*cols[k], cap * sizeof(double));
        if (!p)
            return 0;
        *cols[k] = p;
    }
    tab->cap = cap;
    return 1;
}

int ms_mm_table_init(ms_mm_table *tab, ms_error *err)
{
    *tab = (ms_mm_table){0};
    if (!grow(tab, 256)) {
        ms_mm_table_release(tab);
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for the table");
    }
    return MS_OK;
}

void ms_mm_table_release(ms_mm_table *tab)
{
    free(tab->t), free(tab->mx), free(tab->my), free(tab->mz), free(tab->e_total);
    free(tab->torque), free(tab->dt);
    for (int k = 0; k < MS_TERM_COUNT; k++)
        free(tab->e[k]);
    *tab = (ms_mm_table){0};
}

int ms_mm_table_append(ms_mm_table *tab, ms_mm *s, double dt, double torque, ms_error *err)
{
    if (tab->rows == tab->cap && !grow(tab, 2 * tab->cap))
        return MS_ERROR(err, MS_ENOMEM, "mesh: out of memory for the table");
    const size_t r = tab->rows++;
    double avg[3], e[MS_TERM_COUNT];
    ms_mm_m_average(s, s->m, avg);
    tab->t[r] = s->t, tab->mx[r] = avg[0], tab->my[r] = avg[1], tab->mz[r] = avg[2];
    tab->e_total[r] = ms_mm_energy(s, s->t, s->m, e);
    for (int k = 0; k < MS_TERM_COUNT; k++)
        tab->e[k][r] = e[k];
    tab->torque[r] = torque, tab->dt[r] = dt;
    return MS_OK;
}

int ms_mm_table_write_text(const ms_mm_table *tab, const char *path, ms_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return MS_ERROR(err, MS_EIO, "mesh: cannot write \"%s\"", path);
    fprintf(f, "# t(s) mx my mz E_total(J)");
    for (int k = 0; k < MS_TERM_COUNT; k++)
        if (k != MS_TERM_THERMAL && k != MS_TERM_TORQUE)
            fprintf(f, " E_%s(J)", ms_mm_term_name(k));
    fprintf(f, " max_torque(A/m) dt(s)\n");
    for (size_t r = 0; r < tab->rows; r++) {
        fprintf(f, "%.9e %.9f %.9f %.9f %.9e", tab->t[r], tab->mx[r], tab->my[r], tab->mz[r],
                tab->e_total[r]);
        for (int k = 0; k < MS_TERM_COUNT; k++)
            if (k != MS_TERM_THERMAL && k != MS_TERM_TORQUE)
                fprintf(f, " %.9e", tab->e[k][r]);
        fprintf(f, " %.6e %.6e\n", tab->torque[r], tab->dt[r]);
    }
    if (fclose(f) != 0)
        return MS_ERROR(err, MS_EIO, "mesh: error writing \"%s\"", path);
    return MS_OK;
}
