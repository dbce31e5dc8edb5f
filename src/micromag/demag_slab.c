/* demag_slab.c — the 3-D (nz > 1) transforms of the demag convolution (demag.c), as stages that
 * the system's team shares out (orphaned worksharing loops, system.h):
 *   forward: Ms m into the nz data planes of each component and their 2-D r2c (py × px); the
 *            pz − nz padding planes are zero, so their spectra are zeroed instead of transformed;
 *            then c2c along z (length pz) of the py·hx spectral columns, in chunks;
 *   inverse: c2c along z of all columns, then c2r of only the nz planes the output needs, each
 *            copied (or added) into H by the thread that transformed it.
 * The spectrum has the layout of FFTW's 3-D r2c of the padded block (kz, ky, kx row-major), so the
 * tensor product of demag.c applies unchanged, and half the plane transforms are skipped both ways.
 * The chunking is fixed (MS_DEMAG_COL_CHUNKS per component), so the rounding does not depend on the
 * thread count. */
#include <omp.h>
#include <string.h>
#include "demag_plan.h"

/* Base offsets of component c, plane z: real (in/out) and complex (spectrum). */
static size_t real_at(const ms_demag_plan *p, int c, int z)
{
    return (size_t)c * p->nreal + (size_t)z * p->py * p->px;
}
static size_t spec_at(const ms_demag_plan *p, int c, int z)
{
    return (size_t)c * p->nspec + (size_t)z * p->py * p->hx;
}
static size_t col_at(const ms_demag_plan *p, int u)
{
    return (size_t)(u / p->nchunks) * p->nspec + (size_t)(u % p->nchunks) * p->chunk_rows;
}
static int col_width(const ms_demag_plan *p, int u)
{
    const int ncol = p->py * p->hx, k = u % p->nchunks;
    return k == p->nchunks - 1 ? ncol - k * p->chunk_rows : p->chunk_rows;
}

static int same_alignment(const double *base, const double *at)
{
    return fftw_alignment_of((double *)at) == fftw_alignment_of((double *)base);
}

int ms_demag_slab_setup(ms_demag_plan *p, unsigned flags)
{
    const int px = p->px, py = p->py, hx = p->hx, pz = p->pz, ncol = py * hx;
    /* columns per chunk, whole 64-byte lines of 4 complex values so that two threads' chunks of a
     * component never share a line (s is line-aligned) */
    p->chunk_rows = ((ncol + MS_DEMAG_COL_CHUNKS - 1) / MS_DEMAG_COL_CHUNKS + 3) / 4 * 4;
    p->nchunks = (ncol + p->chunk_rows - 1) / p->chunk_rows;
    unsigned plane_flags = flags, col_flags = flags;
    for (int c = 0; c < 3; c++)
        for (int z = 0; z < p->nz; z++)
            if (!same_alignment(p->in, p->in + real_at(p, c, z)) || !same_alignment(p->out, p->out + real_at(p, c, z)) ||
                !same_alignment((double *)p->s, (double *)(p->s + spec_at(p, c, z))))
                plane_flags |= FFTW_UNALIGNED;
    for (int u = 0; u < 3 * p->nchunks; u++)
        if (!same_alignment((double *)p->s, (double *)(p->s + col_at(p, u))))
            col_flags |= FFTW_UNALIGNED;
    fftw_iodim plane_f[2] = {{py, px, hx}, {px, 1, 1}}, plane_i[2] = {{py, hx, px}, {px, 1, 1}};
    p->plane_fwd = fftw_plan_guru_dft_r2c(2, plane_f, 0, NULL, p->in, p->s, plane_flags);
    p->plane_inv = fftw_plan_guru_dft_c2r(2, plane_i, 0, NULL, p->s, p->out, plane_flags);
    fftw_iodim z_dim = {pz, ncol, ncol};
    const int last = ncol - (p->nchunks - 1) * p->chunk_rows;
    for (int k = 0; k < 2; k++) {
        const int width = k ? last : p->chunk_rows;
        if (k && last == p->chunk_rows)
            break;
        fftw_iodim hm = {width, 1, 1};
        fftw_plan *f = k ? &p->col_fwd_l : &p->col_fwd, *b = k ? &p->col_inv_l : &p->col_inv;
        *f = fftw_plan_guru_dft(1, &z_dim, 1, &hm, p->s, p->s, FFTW_FORWARD, col_flags);
        *b = fftw_plan_guru_dft(1, &z_dim, 1, &hm, p->s, p->s, FFTW_BACKWARD, col_flags);
        if (!*f || !*b)
            return 0;
    }
    return p->plane_fwd && p->plane_inv;
}

void ms_demag_slab_release(ms_demag_plan *p)
{
    fftw_plan plans[6] = {p->plane_fwd, p->plane_inv, p->col_fwd, p->col_inv, p->col_fwd_l, p->col_inv_l};
    for (int k = 0; k < 6; k++)
        if (plans[k])
            fftw_destroy_plan(plans[k]);
}

static void columns(ms_demag_plan *p, int inverse)
{
    const int units = 3 * p->nchunks;
#pragma omp for schedule(static)
    for (int u = 0; u < units; u++) {
        const int narrow = col_width(p, u) != p->chunk_rows;
        fftw_plan plan = inverse ? (narrow ? p->col_inv_l : p->col_inv) : (narrow ? p->col_fwd_l : p->col_fwd);
        fftw_execute_dft(plan, p->s + col_at(p, u), p->s + col_at(p, u));
    }
}

void ms_demag_slab_forward(ms_demag_plan *p, const double *ms, const double *m)
{
    const int pz = p->pz, nz = p->nz, ny = p->ny, units = 3 * pz;
    const size_t plane = (size_t)p->py * p->hx;
#pragma omp for schedule(static)
    for (int u = 0; u < units; u++) {
        const int c = u / pz, z = u % pz;
        if (z < nz) {
            double *in = p->in + real_at(p, c, z);
            for (int y = 0; y < ny; y++)
                ms_demag_row_in(p, ms, m, c, (size_t)z * ny + (size_t)y, in + (size_t)y * p->px);
            fftw_execute_dft_r2c(p->plane_fwd, in, p->s + spec_at(p, c, z));
        } else {
            memset(p->s + spec_at(p, c, z), 0, plane * sizeof(fftw_complex));
        }
    }
    columns(p, 0);
}

void ms_demag_slab_inverse(ms_demag_plan *p, double *h, int accumulate)
{
    columns(p, 1);
    const int nz = p->nz, ny = p->ny, units = 3 * nz;
#pragma omp for schedule(static)
    for (int u = 0; u < units; u++) {
        const int c = u / nz, z = u % nz;
        double *out = p->out + real_at(p, c, z);
        fftw_execute_dft_c2r(p->plane_inv, p->s + spec_at(p, c, z), out);
        for (int y = 0; y < ny; y++)
            ms_demag_row_out(p, out + (size_t)y * p->px, c, (size_t)z * ny + (size_t)y, h, accumulate);
    }
}
