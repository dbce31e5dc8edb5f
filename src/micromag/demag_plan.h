/* demag_plan.h — private to src/micromag: the demag plan shared by demag.c (tensor spectrum,
 * 3-D path, public API) and demag_thin.c (the nz = 1 fast path). */
#ifndef METASPIN_MICROMAG_DEMAG_PLAN_H
#define METASPIN_MICROMAG_DEMAG_PLAN_H

#include <fftw3.h>
#include "metaspin/mesh.h"

/* Spectral columns per block of the thin-film y stage: the widest power of two from MAX down to MIN
 * that still makes MS_DEMAG_BLOCKS full blocks, so that a team's threads can share the blocks
 * evenly (at 128×32 cells: 8 columns, 16 blocks; at 512×128: 32, 16; the Nyquist column rides in
 * column 0, demag_thin.c). Fixed by the mesh, not the team, so that the rounding does not depend on
 * the thread count. Each width is whole 64-byte lines of complex values (4 per line). */
enum { MS_DEMAG_BLOCK_MAX = 32, MS_DEMAG_BLOCK_MIN = 8, MS_DEMAG_BLOCKS = 16 };
/* The 3-D path's z transforms go in this many chunks of columns per component, shared by the
 * team's threads; fixed, so that the rounding does not depend on the thread count. (The thin
 * path's x transforms go in the team's chunks of mesh rows, team.h.) */
enum { MS_DEMAG_COL_CHUNKS = 16 };

struct ms_demag_plan {
    int nx, ny, nz, px, py, pz, hx;  /* mesh, FFT sizes (2n open, n periodic), hx = px/2 + 1 */
    int thin;                        /* nz == 1 fast path */
    int sx;                          /* thin: row stride of s (complex), hx rounded up to whole cache lines */
    size_t nreal, nspec;             /* per component: padded real size, spectrum size */
    double *kern[6];                 /* real spectra Kxx Kyy Kzz Kxy Kxz Kyz, scaled (3-D path) */
    double *in, *out;                /* real input / output (thin: 3 × ny × px) */
    fftw_complex *s;                 /* 3-D: spectrum; thin: x-transformed rows, 3 × ny × hx */
    /* 3-D path (demag_slab.c) */
    fftw_plan plane_fwd, plane_inv;  /* 2-D r2c / c2r of one z plane */
    fftw_plan col_fwd, col_inv;      /* c2c along z of one chunk of spectral columns */
    fftw_plan col_fwd_l, col_inv_l;  /* ... of the last, narrower chunk (NULL if none) */
    /* thin path */
    fftw_plan fwd_x, inv_x;          /* r2c / c2r along x of one chunk of mesh rows (3 components) */
    fftw_plan fwd_xl, inv_xl;        /* ... of the last, shorter chunk (NULL if none) */
    int chunk_rows, nchunks;         /* mesh rows (3-D: columns per component) per chunk, chunks */
    int pack, ncols;                 /* px even: Nyquist column packed with column 0; columns in blocks */
    fftw_plan blk_fwd, blk_inv;      /* y transforms of one block of blk columns */
    fftw_plan rem_fwd, rem_inv;      /* ... of the last, narrower block (NULL if none) */
    int blk, nblk, rem, nthreads;    /* block width, blocks, width of the last one (0 = full), work buffers */
    fftw_complex **work;             /* per thread: 3 × py × blk */
    double *kblk[4];                 /* Kxx Kyy Kzz Kxy re-laid out block by block */
    double *kpack[4];                /* pack: (K(0, ky) - K(px/2, ky)) / 2, py values each (else NULL) */
    fftw_complex *zpack;             /* pack: the packed column before the multiply, 3 × py (else NULL);
                                        one per plan: block 0 is one thread's per evaluation */
    double fft_seconds;
};

/* Ms m of mesh row `row` (= iz ny + iy, nx cells) of component c into a padded input row. */
static inline void ms_demag_row_in(const ms_demag_plan *p, const double *restrict ms, const double *restrict m,
                                   int c, size_t row, double *restrict dst)
{
    const size_t nx = (size_t)p->nx, n = nx * (size_t)p->ny * (size_t)p->nz;
    const double *restrict src = m + (size_t)c * n + row * nx, *restrict msr = ms + row * nx;
    for (size_t ix = 0; ix < nx; ix++)
        dst[ix] = msr[ix] * src[ix];
}

/* An output row of the convolution into (accumulate: onto) mesh row `row` of component c of h. */
static inline void ms_demag_row_out(const ms_demag_plan *p, const double *restrict src, int c, size_t row,
                                    double *restrict h, int accumulate)
{
    const size_t nx = (size_t)p->nx, n = nx * (size_t)p->ny * (size_t)p->nz;
    double *restrict dst = h + (size_t)c * n + row * nx;
    if (accumulate)
        for (size_t ix = 0; ix < nx; ix++)
            dst[ix] += src[ix];
    else
        for (size_t ix = 0; ix < nx; ix++)
            dst[ix] = src[ix];
}

/* Thin path (demag_thin.c). */
int ms_demag_thin_setup(ms_demag_plan *p, unsigned flags);  /* p->nthreads work buffers */
void ms_demag_thin_release(ms_demag_plan *p);
/* h (+)= −N * (Ms m), called by every thread of the system's team (system.h): orphaned
 * worksharing loops. The copies in and out are done row by row inside the transform loops, by
 * the thread that transforms the row. */
void ms_demag_thin_apply(ms_demag_plan *p, const double *ms, const double *m, double *h, int accumulate);
/* 3-D path (demag_slab.c); the forward and inverse transforms are run by the team as well. */
int ms_demag_slab_setup(ms_demag_plan *p, unsigned flags);
void ms_demag_slab_release(ms_demag_plan *p);
void ms_demag_slab_forward(ms_demag_plan *p, const double *ms, const double *m);
void ms_demag_slab_inverse(ms_demag_plan *p, double *h, int accumulate);

#endif
