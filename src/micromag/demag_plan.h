/* demag_plan.h — private to src/micromag: the demag plan shared by demag.c (tensor spectrum,
 * 3-D path, public API) and demag_thin.c (the nz = 1 fast path). */
#ifndef METASPIN_MICROMAG_DEMAG_PLAN_H
#define METASPIN_MICROMAG_DEMAG_PLAN_H

#include <fftw3.h>
#include "metaspin/mesh.h"

enum { MS_DEMAG_BLOCK = 32 };        /* spectral columns per block of the thin-film y stage */
enum { MS_DEMAG_PAR_CELLS = 16384 };  /* smaller meshes run the convolution on one thread */

struct ms_demag_plan {
    int nx, ny, nz, px, py, pz, hx;  /* mesh, FFT sizes (2n open, n periodic), hx = px/2 + 1 */
    int thin;                        /* nz == 1 fast path */
    size_t nreal, nspec;             /* per component: padded real size, spectrum size */
    double *kern[6];                 /* real spectra Kxx Kyy Kzz Kxy Kxz Kyz, scaled (3-D path) */
    double *in, *out;                /* real input / output (thin: 3 × ny × px) */
    fftw_complex *s;                 /* 3-D: spectrum; thin: x-transformed rows, 3 × ny × hx */
    fftw_plan fwd, inv;              /* 3-D path: r2c / c2r of the padded block */
    /* thin path */
    fftw_plan fwd_x, inv_x;          /* r2c / c2r along x of the ny data rows (FFTW threads) */
    fftw_plan blk_fwd, blk_inv;      /* y transforms of one block of MS_DEMAG_BLOCK columns */
    fftw_plan rem_fwd, rem_inv;      /* ... of the last, narrower block (NULL if none) */
    int nblk, rem, nthreads;         /* blocks, width of the last one (0 = full), work buffers */
    fftw_complex **work;             /* per thread: 3 × py × MS_DEMAG_BLOCK */
    double *kblk[4];                 /* Kxx Kyy Kzz Kxy re-laid out block by block */
    double fft_seconds;
};

/* Thin path (demag_thin.c). */
int ms_demag_thin_setup(ms_demag_plan *p, unsigned flags, int threads);
void ms_demag_thin_release(ms_demag_plan *p);
void ms_demag_thin_convolve(ms_demag_plan *p);

#endif
