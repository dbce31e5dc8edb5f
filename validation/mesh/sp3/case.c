/* sp3 — muMAG standard problem 3: the single-domain limit of a cube with uniaxial anisotropy
 * K = 0.1 Km along z (Km = μ0 Ms²/2), exchange length l_ex = sqrt(A/Km). For edges L around the
 * limit, the flower state (relaxed from m = ẑ) and the vortex state (relaxed from a curl in the yz
 * plane, core along x: normal to the easy axis) are minimised on a 10×10×10 mesh; the energies, in units of Km L³, cross at L ≈ 8.47 l_ex
 * (the published solutions). The crossing is found by linear interpolation of the difference. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include "common.h"
#include "metaspin/mesh.h"

static double relaxed_energy(double L, int vortex, double *mz)
{
    const double ms = 1e6, a = 1.3e-11, mu0 = 4e-7 * M_PI, km = 0.5 * mu0 * ms * ms;
    const int n = 10;
    ms_mesh *g = NULL;
    ms_mm *s = NULL;
    ms_error err;
    double e[MS_TERM_COUNT], total = NAN;
    ms_ctx *ctx = ms_ctx_create(1, omp_get_max_threads());
    ms_mesh_create(&g, n, n, n, L / n, L / n, L / n, &err);
    ms_mesh_fill(g, 1);
    ms_mesh_material mat = {.ms = ms, .a_ex = a, .ku1 = 0.1 * km, .axis = {0, 0, 1}, .alpha = 0.5};
    ms_mesh_material_set(g, 1, &mat, &err);
    ms_mm_drive d = {.gamma0 = 2.211e5};
    if (ms_mm_create(&s, g, &d, ctx, &err) == MS_OK) {
        const double z[3] = {0, 0, 1};
        if (vortex)
            ms_mm_m_vortex(s, 0, 1);  /* core along x, curl in the yz plane */
        else
            ms_mm_m_uniform(s, z);
        if (ms_relax_run(s, 1e-2, 100000, NULL, NULL, &err) == MS_OK)
            total = ms_mm_energy(s, 0, ms_mm_m(s), e) / (km * L * L * L);
        double avg[3];
        ms_mm_m_average(s, ms_mm_m(s), avg);
        *mz = avg[2];
    }
    ms_mm_destroy(s);
    ms_mesh_destroy(g);
    ms_ctx_destroy(ctx);
    return total;
}

int main(void)
{
    const double mu0 = 4e-7 * M_PI, lex = sqrt(1.3e-11 / (0.5 * mu0 * 1e12));
    const double lam[] = {8.0, 8.3, 8.6, 8.9, 9.2};
    double prev = NAN, crossing = NAN;
    for (size_t k = 0; k < sizeof lam / sizeof *lam; k++) {
        double mzf, mzv;
        const double ef = relaxed_energy(lam[k] * lex, 0, &mzf), ev = relaxed_energy(lam[k] * lex, 1, &mzv);
        const double diff = ef - ev;
        printf("INFO mesh/sp3 L=%.2f l_ex: flower e=%.5f <mz>=%.3f, vortex e=%.5f <mz>=%.3f\n", lam[k], ef,
               mzf, ev, mzv);
        if (k > 0 && isnan(crossing) && prev < 0 && diff >= 0)
            crossing = lam[k - 1] + (lam[k] - lam[k - 1]) * (-prev) / (diff - prev);
        prev = diff;
    }
    return ms_validate_report("mesh/sp3/crossing_L_over_lex", crossing, 8.47, 0.02 * 8.47);
}
