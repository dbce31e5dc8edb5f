/* demag_thin.c — the thin-film (nz = 1) fast path of the demag convolution (demag.c).
 *
 * The 2-D zero-padded transform of the px × py grid is split into stages so that the padding is
 * never transformed and the spectrum is never stored whole:
 *   1. Ms m into the ny data rows and r2c along x of them only (the other ny rows are zero), in
 *      chunks of rows;
 *   2. per block of p->blk spectral columns, in a small per-thread buffer that stays in
 *      cache: gather the ny rows and zero the padding rows, c2c along y, multiply by the real
 *      tensor spectra (Hx = Kxx Mx + Kxy My, Hy = Kxy Mx + Kyy My, Hz = Kzz Mz: in a film
 *      Nxz = Nyz = 0), inverse c2c along y, scatter back only the ny rows the output needs;
 *      each thread of the team takes a fixed contiguous run of blocks (team.h's share rule),
 *      the same spectral columns at every evaluation (single-threaded FFTW plans executed on
 *      each thread's buffer with the new-array interface);
 *   3. c2r along x of the ny output rows, in chunks, each row then copied (or added) into H.
 * The stages run inside the system's team region (system.h): stages 1 and 3 on the thread's share
 * of the rows (team.h), the same rows its other loops work on, so stage 1 needs no barrier before
 * it and stage 3 none after it; the barriers after stages 1 and 2 are the two transposes. No
 * fork/join inside a field evaluation.
 * The rows of s are sx complex values apart (hx rounded up to whole 64-byte lines) and s is line
 * aligned, so a block's columns never share a cache line with the next block, which another thread
 * may be working on: with rows hx apart every block edge was a falsely shared line, and the
 * two-thread scatter took twice as long as the gather.
 * Why fixed blocks: the x-spectrum lines of a thread's own rows and own columns are then written,
 * gathered, scattered and read back by that thread alone and never leave its core; only the two
 * cross quarters (its rows × the other's columns and back) move between the cores, twice per
 * evaluation. With blocks dealt dynamically a thread's columns changed from one evaluation to the
 * next and about half of its own quarter came from the other core as well (2-thread evaluation at
 * 128×32 on a 2-core Xeon: 97 -> 89 µs; the 1-thread time is unchanged).
 * The packed column: with px even, the x-transforms of real rows are real at kx = 0 and at the
 * Nyquist column kx = px/2, so the two go through the y stage as one complex column,
 * z(y) = S(0, y) + i S(px/2, y) (the classic two real transforms for the price of one). Its y
 * spectrum Z = A + i B holds the two Hermitian spectra A and B, and the product each needs,
 * K(0) A + i K(px/2) B, is Kp Z(ky) + Km conj Z(-ky) with Kp, Km = (K(0) ± K(px/2)) / 2, since
 * A(ky) = (Z(ky) + conj Z(-ky)) / 2 and i B(ky) = (Z(ky) - conj Z(-ky)) / 2. The tensor spectra
 * there are real and even in ky (Kxy, odd in x, vanishes in both columns), so both products stay
 * Hermitian and the inverse gives the two real output columns as its real and imaginary parts. So the blocks cover px/2
 * columns, not px/2 + 1: a power of two at the usual sizes, shared evenly, with no block of one
 * column left for one thread (at 128×32 on 2 threads the two y stages took 2.6-3.0 µs apart, now
 * 0.4-1.5; 512×128 evaluations 2-4 % faster on 1 and 2 threads).
 * Compared with the plain 2-D transform this skips half the x transforms both ways, one pass over
 * the spectrum and the separate multiply pass. Reference: the direct sum (ms_demag_field_add_direct). */
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "demag_plan.h"
#include "team.h"

static int block_width(const ms_demag_plan *p, int b)
{
    return b == p->nblk - 1 && p->rem ? p->rem : p->blk;
}

/* Re-lay the tensor spectra out block by block: kblk[c][(b py + ky) B + j] = K_c(ky, b B + j),
 * with Kp in the packed column 0 and Km in kpack. */
static int kernel_blocks(ms_demag_plan *p)
{
    const int B = p->blk, nyq = p->px / 2;
    for (int c = 0; c < 4; c++) {
        p->kblk[c] = fftw_alloc_real((size_t)p->nblk * p->py * B);
        p->kpack[c] = p->pack ? fftw_alloc_real((size_t)p->py) : NULL;
        if (!p->kblk[c] || (p->pack && !p->kpack[c]))
            return 0;
        memset(p->kblk[c], 0, (size_t)p->nblk * p->py * B * sizeof(double));
        for (int b = 0; b < p->nblk; b++)
            for (int ky = 0; ky < p->py; ky++)
                for (int j = 0; j < block_width(p, b); j++)
                    p->kblk[c][((size_t)b * p->py + ky) * B + j] =
                        p->kern[c][(size_t)ky * p->hx + (size_t)b * B + j];
        for (int ky = 0; p->pack && ky < p->py; ky++) {
            const double k0 = p->kern[c][(size_t)ky * p->hx], kn = p->kern[c][(size_t)ky * p->hx + nyq];
            p->kblk[c][(size_t)ky * B] = 0.5 * (k0 + kn);
            p->kpack[c][ky] = 0.5 * (k0 - kn);
        }
    }
    return 1;
}

static fftw_plan block_plan(ms_demag_plan *p, int width, int sign, unsigned flags)
{
    const int B = p->blk, py = p->py;
    fftw_iodim y_dim = {py, B, B};
    fftw_iodim hm[2] = {{3, py * B, py * B}, {width, 1, 1}};
    return fftw_plan_guru_dft(1, &y_dim, 2, hm, p->work[0], p->work[0], sign, flags);
}

/* Chunk plans of the x transforms: mesh rows y0 .. y0 + rows of all three components (row y of
 * component c of the input at in + (c ny + y) px, of the rows' spectrum at s + (c ny + y) sx).
 * Chunks of mesh rows, not of component rows, so that a thread transforms the rows of the cells
 * its other loops work on (system.h). Chunks after the first start at other addresses than the
 * ones planned on: planned FFTW_UNALIGNED unless every start keeps the SIMD alignment. */
static int chunk_plans(ms_demag_plan *p, unsigned flags)
{
    const int px = p->px, sx = p->sx, ny = p->ny;
    p->chunk_rows = (int)ms_team_chunk_rows((size_t)ny);  /* the chunks of the team's shares */
    p->nchunks = (int)ms_team_chunks((size_t)ny);
    const int last = ny - (p->nchunks - 1) * p->chunk_rows;
    int aligned = 1;
    for (int c = 1; c < p->nchunks; c++) {
        const size_t y0 = (size_t)c * (size_t)p->chunk_rows;
        aligned &= fftw_alignment_of(p->in + y0 * px) == fftw_alignment_of(p->in) &&
                   fftw_alignment_of(p->out + y0 * px) == fftw_alignment_of(p->out) &&
                   fftw_alignment_of((double *)(p->s + y0 * sx)) == fftw_alignment_of((double *)p->s);
    }
    if (!aligned)
        flags |= FFTW_UNALIGNED;
    fftw_iodim nx_dim = {px, 1, 1};
    for (int k = 0; k < 2; k++) {
        const int rows = k ? last : p->chunk_rows;
        if (k && last == p->chunk_rows)
            break;
        fftw_iodim hm_f[2] = {{3, ny * px, ny * sx}, {rows, px, sx}};
        fftw_iodim hm_i[2] = {{3, ny * sx, ny * px}, {rows, sx, px}};
        fftw_plan *f = k ? &p->fwd_xl : &p->fwd_x, *i = k ? &p->inv_xl : &p->inv_x;
        *f = fftw_plan_guru_dft_r2c(1, &nx_dim, 2, hm_f, p->in, p->s, flags);
        *i = fftw_plan_guru_dft_c2r(1, &nx_dim, 2, hm_i, p->s, p->out, flags);
        if (!*f || !*i)
            return 0;
    }
    return 1;
}

int ms_demag_thin_setup(ms_demag_plan *p, unsigned flags)
{
    p->pack = p->px % 2 == 0;
    p->ncols = p->hx - p->pack;
    int B = MS_DEMAG_BLOCK_MAX;
    while (B > MS_DEMAG_BLOCK_MIN && p->ncols / B < MS_DEMAG_BLOCKS)
        B /= 2;
    p->blk = B;
    p->nblk = (p->ncols + B - 1) / B;
    p->rem = p->ncols % B;
    p->work = calloc((size_t)p->nthreads, sizeof *p->work);
    p->zpack = p->pack ? fftw_alloc_complex((size_t)3 * p->py) : NULL;
    if (!p->work || (p->pack && !p->zpack) || !kernel_blocks(p))
        return 0;
    for (int t = 0; t < p->nthreads; t++)
        if (!(p->work[t] = fftw_alloc_complex((size_t)3 * p->py * B)))
            return 0;
    if (!chunk_plans(p, flags))
        return 0;
    p->blk_fwd = block_plan(p, B, FFTW_FORWARD, flags);
    p->blk_inv = block_plan(p, B, FFTW_BACKWARD, flags);
    if (p->rem) {
        p->rem_fwd = block_plan(p, p->rem, FFTW_FORWARD, flags);
        p->rem_inv = block_plan(p, p->rem, FFTW_BACKWARD, flags);
    }
    return p->blk_fwd && p->blk_inv && (!p->rem || (p->rem_fwd && p->rem_inv));
}

void ms_demag_thin_release(ms_demag_plan *p)
{
    fftw_plan plans[8] = {p->fwd_x, p->inv_x, p->fwd_xl, p->inv_xl, p->blk_fwd, p->blk_inv, p->rem_fwd, p->rem_inv};
    for (int k = 0; k < 8; k++)
        if (plans[k])
            fftw_destroy_plan(plans[k]);
    for (int t = 0; p->work && t < p->nthreads; t++)
        fftw_free(p->work[t]);
    free(p->work);
    for (int c = 0; c < 4; c++)
        fftw_free(p->kblk[c]), fftw_free(p->kpack[c]);
    fftw_free(p->zpack);
}

/* Gather block b of the x-transformed rows into w (row stride B), zeroing the padding rows; in
 * block 0 the real Nyquist value goes in as the imaginary part of the (real) column 0. */
static void block_gather(const ms_demag_plan *p, int b, int width, double *restrict w)
{
    const int B = p->blk, ny = p->ny, py = p->py, sx = p->sx, nyq = p->px / 2;
    const double *src = (const double *)p->s;
    for (int c = 0; c < 3; c++) {
        double *wc = w + (size_t)2 * c * py * B;
        for (int y = 0; y < ny; y++) {
            const double *row = src + 2 * ((size_t)c * ny + y) * sx;
            memcpy(wc + (size_t)2 * y * B, row + (size_t)2 * b * B, (size_t)2 * width * sizeof(double));
            if (p->pack && b == 0)
                wc[(size_t)2 * y * B + 1] = row[2 * nyq];
        }
        memset(wc + (size_t)2 * ny * B, 0, (size_t)2 * (py - ny) * B * sizeof(double));
    }
}

/* Scatter block b back into the rows it came from (block 0: column 0 and the Nyquist column out of
 * the real and imaginary parts of column 0). */
static void block_scatter(ms_demag_plan *p, int b, int width, const double *restrict w)
{
    const int B = p->blk, ny = p->ny, py = p->py, sx = p->sx, nyq = p->px / 2;
    double *dst = (double *)p->s;
    for (int c = 0; c < 3; c++)
        for (int y = 0; y < ny; y++) {
            double *row = dst + 2 * ((size_t)c * ny + y) * sx;
            const double *wr = w + (size_t)2 * ((size_t)c * py + y) * B;
            memcpy(row + (size_t)2 * b * B, wr, (size_t)2 * width * sizeof(double));
            if (p->pack && b == 0)
                row[1] = 0.0, row[2 * nyq] = wr[1], row[2 * nyq + 1] = 0.0;
        }
}

/* Keep the packed column (column 0 of block 0) of the three components as it enters the multiply. */
static void pack_save(ms_demag_plan *p, const double *w)
{
    const int B = p->blk, py = p->py;
    double *z = (double *)p->zpack;
    for (int k = 0; k < 3 * py; k++)  /* component c, row ky: k = c py + ky */
        z[2 * k] = w[(size_t)2 * k * B], z[2 * k + 1] = w[(size_t)2 * k * B + 1];
}

/* After the block multiply (which gave the packed column Kp Z): add Km conj Z(-ky). */
static void pack_multiply(const ms_demag_plan *p, double *w)
{
    const int B = p->blk, py = p->py;
    const double *kxx = p->kpack[0], *kyy = p->kpack[1], *kzz = p->kpack[2], *kxy = p->kpack[3];
    const double *zx = (const double *)p->zpack, *zy = zx + 2 * py, *zz = zx + 4 * py;
    for (int ky = 0; ky < py; ky++) {
        const int kn = ky ? py - ky : 0;
        double *x = w + (size_t)2 * ky * B, *y = x + (size_t)2 * py * B, *z = y + (size_t)2 * py * B;
        x[0] += kxx[ky] * zx[2 * kn] + kxy[ky] * zy[2 * kn], x[1] -= kxx[ky] * zx[2 * kn + 1] + kxy[ky] * zy[2 * kn + 1];
        y[0] += kxy[ky] * zx[2 * kn] + kyy[ky] * zy[2 * kn], y[1] -= kxy[ky] * zx[2 * kn + 1] + kyy[ky] * zy[2 * kn + 1];
        z[0] += kzz[ky] * zz[2 * kn], z[1] -= kzz[ky] * zz[2 * kn + 1];
    }
}

/* Multiply the block spectrum by the real tensor spectra (all py rows, B columns). */
static void block_multiply(const ms_demag_plan *p, int b, double *restrict w)
{
    const size_t len = (size_t)p->py * p->blk, off = (size_t)b * len;
    double *restrict x = w, *restrict y = w + 2 * len, *restrict z = w + 4 * len;
    const double *restrict kxx = p->kblk[0] + off, *restrict kyy = p->kblk[1] + off;
    const double *restrict kzz = p->kblk[2] + off, *restrict kxy = p->kblk[3] + off;
#pragma omp simd
    for (size_t k = 0; k < len; k++) {
        const double xr = x[2 * k], xi = x[2 * k + 1], yr = y[2 * k], yi = y[2 * k + 1];
        x[2 * k] = kxx[k] * xr + kxy[k] * yr, x[2 * k + 1] = kxx[k] * xi + kxy[k] * yi;
        y[2 * k] = kxy[k] * xr + kyy[k] * yr, y[2 * k + 1] = kxy[k] * xi + kyy[k] * yi;
        z[2 * k] *= kzz[k], z[2 * k + 1] *= kzz[k];
    }
}

void ms_demag_thin_apply(ms_demag_plan *p, const double *ms, const double *m, double *h, int accumulate)
{
    const int master = omp_get_thread_num() == 0;
    const double t0 = master ? omp_get_wtime() : 0.0;
    const int nchunks = p->nchunks, nblk = p->nblk, ny = p->ny;
    const size_t px = (size_t)p->px, sx = (size_t)p->sx;
    size_t c0, c1;  /* this thread's rows (team.h): the rows of the cells it wrote and will read */
    ms_team_share((size_t)nchunks, &c0, &c1);
    for (int c = (int)c0; c < (int)c1; c++) {
        const int y0 = c * p->chunk_rows, y1 = y0 + p->chunk_rows < ny ? y0 + p->chunk_rows : ny;
        for (int comp = 0; comp < 3; comp++)
            for (int y = y0; y < y1; y++)
                ms_demag_row_in(p, ms, m, comp, (size_t)y, p->in + ((size_t)comp * ny + y) * px);
        fftw_execute_dft_r2c(c == nchunks - 1 && p->fwd_xl ? p->fwd_xl : p->fwd_x, p->in + (size_t)y0 * px,
                             p->s + (size_t)y0 * sx);
    }
#pragma omp barrier
    size_t b0, b1;  /* this thread's blocks: the same spectral columns at every evaluation */
    ms_team_share((size_t)nblk, &b0, &b1);
    for (int b = (int)b0; b < (int)b1; b++) {
        fftw_complex *w = p->work[omp_get_thread_num()];
        const int width = block_width(p, b), last = width != p->blk;
        block_gather(p, b, width, (double *)w);
        fftw_execute_dft(last ? p->rem_fwd : p->blk_fwd, w, w);
        if (p->pack && b == 0)
            pack_save(p, (const double *)w);
        block_multiply(p, b, (double *)w);
        if (p->pack && b == 0)
            pack_multiply(p, (double *)w);
        fftw_execute_dft(last ? p->rem_inv : p->blk_inv, w, w);
        block_scatter(p, b, width, (const double *)w);
    }
#pragma omp barrier
    for (int c = (int)c0; c < (int)c1; c++) {
        const int y0 = c * p->chunk_rows, y1 = y0 + p->chunk_rows < ny ? y0 + p->chunk_rows : ny;
        fftw_execute_dft_c2r(c == nchunks - 1 && p->inv_xl ? p->inv_xl : p->inv_x, p->s + (size_t)y0 * sx,
                             p->out + (size_t)y0 * px);
        for (int comp = 0; comp < 3; comp++)
            for (int y = y0; y < y1; y++)
                ms_demag_row_out(p, p->out + ((size_t)comp * ny + y) * px, comp, (size_t)y, h, accumulate);
    }
    if (master)
        p->fft_seconds += omp_get_wtime() - t0;
}
