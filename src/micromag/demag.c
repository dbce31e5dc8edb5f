/* demag.c — demagnetising field H_d = −N * M (A/m) by FFT convolution, zero-padded along open
 * axes, cyclic along periodic ones.
 *
 * H_d(r_i) = −Σ_j N(r_i − r_j) Ms_j m_j with the Newell tensor of newell.c. Along an open axis the
 * mesh is padded to P = 2n (when n > 1), so the cyclic convolution of the FFT equals the
 * open-boundary sum. Along a periodic axis with I images (ms_mesh.pbc, mumax3's SetPBC) there is
 * no padding, P = n, and kernel slot k holds the tensor summed over the image offsets
 *   o = k + j n  with |o| <= (I + ½) n   (weight ½ for |o| = (I + ½) n, i.e. k = n/2, n even),
 * so that every cell sees the same window of 2I + 1 periods centred on itself: the field is
 * translation invariant and a uniformly magnetised periodic film is exactly the centre of a
 * (2I + 1)-period plate; the half weights keep the window symmetric for even n. mumax3
 * (Vansteenkiste et al., AIP Advances 4, 107133 (2014)) builds its periodic kernel the same way,
 * unpadded and summed over a finite number of images, with offsets up to ±(N n − 1) cells for
 * SetPBC(N). The set-up cost grows as 2I + 2 per periodic axis.
 * The tensor is even in every coordinate on the diagonal and odd in the two coordinates it names
 * off the diagonal, and the image window is symmetric, so its transforms are real: the plan stores
 * six (four in a thin film, where Nxz = Nyz = 0) real spectra scaled by −1/(Px Py Pz).
 *
 * Thin films (nz = 1) take the fast path of demag_thin.c (staged, pruned, cache-blocked transforms
 * with the spectral products fused in); 3-D meshes the plane-and-column stages of demag_slab.c.
 * Both are shared out by the system's team (system.h) with single-threaded FFTW plans, made once
 * in ms_demag_plan_create and executed many times. FFTW's planner is process-wide state and not
 * thread-safe (fftw_make_planner_thread_safe did not prevent crashes with Debian's FFTW 3.3.10
 * when meshes of parallel table trials made plans at once), so plan creation and destruction hold
 * one mutex. Reference: Newell et al., JGR 98, 9551 (1993); ms_demag_field_add_direct is the plain
 * O(n²) sum (images included) the FFT path is tested against. */
#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "demag_plan.h"
#include "system.h"

static pthread_mutex_t fftw_planner = PTHREAD_MUTEX_INITIALIZER;  /* held while planning/destroying */

/* FFTW wisdom (the planner's record of which algorithm it measured fastest for each transform):
 * reading it before FFTW_MEASURE planning makes the planner reuse those algorithms instead of
 * timing them again, which is what makes MEASURE runs repeat bit for bit. Caller holds
 * fftw_planner (the planner and its wisdom are global state of FFTW). */
static int wisdom_read(const char *path, ms_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? MS_OK : MS_ERROR(err, MS_EIO, "fft wisdom \"%s\": %s", path, strerror(errno));
    const int ok = fftw_import_wisdom_from_file(f);
    fclose(f);
    return ok ? MS_OK : MS_ERROR(err, MS_EINPUT, "fft wisdom \"%s\" is not an FFTW wisdom file (remove it to "
                                 "start a new one)", path);
}

/* All wisdom so far into path, through a temporary file renamed over it (never a partial file). */
static int wisdom_write(const char *path, ms_error *err)
{
    char tmp[1100];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return MS_ERROR(err, MS_EINPUT, "fft wisdom: path too long: \"%s\"", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return MS_ERROR(err, MS_EIO, "fft wisdom: cannot write \"%s\": %s", tmp, strerror(errno));
    fftw_export_wisdom_to_file(f);
    const int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        const int e = errno;
        remove(tmp);
        return MS_ERROR(err, MS_EIO, "fft wisdom: cannot write \"%s\": %s", path, strerror(e));
    }
    return MS_OK;
}

int ms_demag_wisdom_check(const char *path, ms_error *err)
{
    pthread_mutex_lock(&fftw_planner);
    const int status = wisdom_read(path, err);
    pthread_mutex_unlock(&fftw_planner);
    return status;
}

/* FFT length along an axis of n cells: 2n open (zero padding), n periodic (or a single cell). */
static int pad(int n, int images) { return n > 1 && images == 0 ? 2 * n : n; }

/* Padded-grid index -> signed cell offset (the index n of an even padding is never used: 0). */
static int offset_of(int k, int n, int p, int *valid)
{
    *valid = 1;
    if (k < n)
        return k;
    if (k > p - n)
        return k - p;
    *valid = 0;
    return 0;
}

/* One axis of kernel slot k (grid length n, FFT length p, images I): image j in [lo, hi] is
 * the offset *o (cells) with the returned weight (0: not in the window). Open axis: j = 0 only,
 * the signed offset of the padded grid. Periodic: o = k + j n, weight 1 inside the window of
 * 2I + 1 periods, ½ on its edge. */
static void axis_images(int images, int *lo, int *hi)
{
    *lo = images ? -images - 1 : 0, *hi = images;
}

static double axis_image(int k, int j, int n, int p, int images, int *o)
{
    if (!images) {
        int valid;
        *o = offset_of(k, n, p, &valid);
        return valid;
    }
    *o = k + j * n;
    const long twice = 2L * labs((long)*o), window = (2L * images + 1) * n;
    return twice < window ? 1.0 : twice == window ? 0.5 : 0.0;
}

/* Slot k and its mirror P − k hold the negated offsets, so only the smaller of the two is summed
 * and the mirror takes its parity (off-diagonal terms are odd in the axes they name): the kernel
 * is then exactly even/odd, as keeping only the real part of its spectrum assumes. canonical()
 * gives that smaller slot and the signs of the six components. */
static int canonical(const int p[3], const int slot[3], int k[3], double sign[6])
{
    static const int odd[3][2] = {{3, 4}, {3, 5}, {4, 5}};  /* Nxy, Nxz odd in x; Nxy, Nyz in y; ... */
    int same = 1;
    for (int c = 0; c < 6; c++)
        sign[c] = 1.0;
    for (int a = 0; a < 3; a++) {
        const int mirror = (p[a] - slot[a]) % p[a];
        k[a] = mirror < slot[a] ? mirror : slot[a];
        if (mirror < slot[a]) {
            same = 0;
            sign[odd[a][0]] = -sign[odd[a][0]], sign[odd[a][1]] = -sign[odd[a][1]];
        }
    }
    return same;
}

/* Σ over the image offsets of each axis of w N, for kernel slot k. */
static void kernel_sum(const ms_mesh *g, const int p[3], const int k[3], double out[6])
{
    const int n[3] = {g->nx, g->ny, g->nz};
    int lo[3], hi[3];
    for (int a = 0; a < 3; a++)
        axis_images(g->pbc[a], &lo[a], &hi[a]);
    for (int c = 0; c < 6; c++)
        out[c] = 0.0;
    for (int jz = lo[2]; jz <= hi[2]; jz++) {
        int oz, oy, ox;
        const double wz = axis_image(k[2], jz, n[2], p[2], g->pbc[2], &oz);
        for (int jy = lo[1]; wz > 0 && jy <= hi[1]; jy++) {
            const double wy = wz * axis_image(k[1], jy, n[1], p[1], g->pbc[1], &oy);
            for (int jx = lo[0]; wy > 0 && jx <= hi[0]; jx++) {
                const double w = wy * axis_image(k[0], jx, n[0], p[0], g->pbc[0], &ox);
                double t[6];
                if (w == 0.0)
                    continue;
                ms_demag_newell(ox * g->dx, oy * g->dy, oz * g->dz, g->dx, g->dy, g->dz, t);
                for (int c = 0; c < 6; c++)
                    out[c] += w * t[c];
            }
        }
    }
}

/* The tensor of any kernel slot (the plain reference path). */
static void kernel_slot(const ms_mesh *g, const int p[3], const int slot[3], double out[6])
{
    int k[3];
    double sign[6];
    canonical(p, slot, k, sign);
    kernel_sum(g, p, k, out);
    for (int c = 0; c < 6; c++)
        out[c] *= sign[c];
}

/* Fill the six padded real tensor arrays (stride: real block of px*py*pz): sum the canonical
 * slots, then copy them with their parity into the mirrored ones, on the plan's threads (a
 * one-cell system must not wake OpenMP's default team). */
static void kernel_fill(const ms_mesh *mesh, const ms_demag_plan *p, double *kr)
{
    const size_t blk = p->nreal;
    const int pp[3] = {p->px, p->py, p->pz};
    const int threads = ms_mm_team_size(p->nreal, p->nthreads);
    for (int pass = 0; pass < 2; pass++) {
#pragma omp parallel for collapse(2) schedule(dynamic) num_threads(threads)
        for (int kz = 0; kz < p->pz; kz++)
            for (int ky = 0; ky < p->py; ky++)
                for (int kx = 0; kx < p->px; kx++) {
                    const int slot[3] = {kx, ky, kz};
                    int k[3];
                    double sign[6], n6[6];
                    const int same = canonical(pp, slot, k, sign);
                    const size_t idx = (size_t)kx + (size_t)p->px * ((size_t)ky + (size_t)p->py * kz);
                    const size_t src = (size_t)k[0] + (size_t)p->px * ((size_t)k[1] + (size_t)p->py * k[2]);
                    if (pass == 0 && same) {
                        kernel_sum(mesh, pp, k, n6);
                        for (int c = 0; c < 6; c++)
                            kr[c * blk + idx] = n6[c];
                    } else if (pass == 1 && !same) {
                        for (int c = 0; c < 6; c++)
                            kr[c * blk + idx] = sign[c] * kr[c * blk + src];
                    }
                }
    }
}

/* Transform each real tensor array and keep the real part of its spectrum, scaled. */
static int kernel_transform(ms_demag_plan *p, double *kr, ms_error *err)
{
    const int n[3] = {p->pz, p->py, p->px};
    const size_t nspec = (size_t)p->pz * p->py * p->hx;
    fftw_complex *tmp = fftw_alloc_complex(nspec);
    double *copy = fftw_alloc_real(p->nreal);
    fftw_plan plan = tmp && copy ? fftw_plan_dft_r2c(3, n, copy, tmp, FFTW_ESTIMATE) : NULL;
    if (!plan) {
        fftw_free(tmp), fftw_free(copy);
        return MS_ERROR(err, MS_ENOMEM, "demag: cannot plan the kernel transform");
    }
    const double scale = -1.0 / (double)p->nreal;
    const int ncomp = p->thin ? 4 : 6;
    for (int c = 0; c < ncomp; c++) {
        memcpy(copy, kr + c * p->nreal, p->nreal * sizeof(double));
        fftw_execute(plan);
        p->kern[c] = fftw_alloc_real(nspec);
        if (!p->kern[c])
            break;
        for (size_t k = 0; k < nspec; k++)
            p->kern[c][k] = scale * tmp[k][0];
    }
    fftw_destroy_plan(plan);
    fftw_free(tmp), fftw_free(copy);
    for (int c = 0; c < ncomp; c++)
        if (!p->kern[c])
            return MS_ERROR(err, MS_ENOMEM, "demag: out of memory for the kernel");
    return MS_OK;
}

static size_t real_block(const ms_demag_plan *p) { return p->thin ? (size_t)p->ny * p->px : p->nreal; }

static int buffers_alloc(ms_demag_plan *p)
{
    const size_t rows = real_block(p);
    p->in = fftw_alloc_real(3 * rows);
    p->out = fftw_alloc_real(3 * rows);
    /* cache-line aligned, so that with the row stride sx no line of s holds two threads' blocks */
    const size_t sbytes = 3 * (p->thin ? (size_t)p->ny * p->sx : p->nspec) * sizeof(fftw_complex);
    p->s = aligned_alloc(64, (sbytes + 63) / 64 * 64);
    if (!p->in || !p->out || !p->s)
        return 0;
    memset(p->in, 0, 3 * rows * sizeof(double));
    return 1;
}

/* The kernel spectrum and the convolution plans (caller holds fftw_planner). */
static int plans_make(ms_demag_plan *p, double *kr, int measure, ms_error *err)
{
    const int status = kernel_transform(p, kr, err);
    if (status)
        return status;
    const unsigned flags = measure ? FFTW_MEASURE : FFTW_ESTIMATE;
    if (!(p->thin ? ms_demag_thin_setup(p, flags) : ms_demag_slab_setup(p, flags)))
        return MS_ERROR(err, MS_EINTERNAL, "demag: fftw could not create the plans");
    memset(p->in, 0, 3 * real_block(p) * sizeof(double));  /* MEASURE wrote the buffers */
    return MS_OK;
}

int ms_demag_plan_create(ms_demag_plan **out, const ms_mesh *mesh, int threads, int measure,
                         const char *wisdom, ms_error *err)
{
    int status = MS_OK;
    double *kr = NULL;
    *out = NULL;
    ms_demag_plan *p = calloc(1, sizeof *p);
    if (!p)
        return MS_ERROR(err, MS_ENOMEM, "demag: out of memory");
    p->nx = mesh->nx, p->ny = mesh->ny, p->nz = mesh->nz;
    p->px = pad(mesh->nx, mesh->pbc[0]), p->py = pad(mesh->ny, mesh->pbc[1]);
    p->pz = pad(mesh->nz, mesh->pbc[2]);
    p->hx = p->px / 2 + 1;
    p->sx = (p->hx + 3) / 4 * 4;  /* whole 64-byte lines of 4 complex values */
    p->thin = mesh->nz == 1;
    p->nthreads = threads > 1 ? threads : 1;
    p->nreal = (size_t)p->px * p->py * p->pz;
    p->nspec = (size_t)p->pz * p->py * p->hx;
    kr = malloc(6 * p->nreal * sizeof(double));
    if (!kr || !buffers_alloc(p)) {
        status = MS_ERROR(err, MS_ENOMEM, "demag: out of memory for a %d x %d x %d padded grid",
                          p->px, p->py, p->pz);
        goto fail;
    }
    kernel_fill(mesh, p, kr);
    const int use_wisdom = measure && wisdom && wisdom[0];
    pthread_mutex_lock(&fftw_planner);
    status = use_wisdom ? wisdom_read(wisdom, err) : MS_OK;
    if (status == MS_OK)
        status = plans_make(p, kr, measure, err);
    if (status == MS_OK && use_wisdom)
        status = wisdom_write(wisdom, err);
    pthread_mutex_unlock(&fftw_planner);
    if (status)
        goto fail;
    free(kr);
    *out = p;
    return MS_OK;
fail:
    free(kr);
    ms_demag_plan_destroy(p);
    return status;
}

void ms_demag_plan_destroy(ms_demag_plan *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&fftw_planner);
    ms_demag_thin_release(p);
    ms_demag_slab_release(p);
    pthread_mutex_unlock(&fftw_planner);
    for (int c = 0; c < 6; c++)
        fftw_free(p->kern[c]);
    fftw_free(p->in), fftw_free(p->out), free(p->s);
    free(p);
}

static void multiply_3d(ms_demag_plan *p)
{
    const size_t ns = p->nspec;
    double *restrict sx = (double *)p->s, *restrict sy = sx + 2 * ns, *restrict sz = sy + 2 * ns;
    const double *kxx = p->kern[0], *kyy = p->kern[1], *kzz = p->kern[2];
    const double *kxy = p->kern[3], *kxz = p->kern[4], *kyz = p->kern[5];
#pragma omp for schedule(static)
    for (size_t k = 0; k < 2 * ns; k++) {
        const size_t q = k / 2;
        const double x = sx[k], y = sy[k], z = sz[k];
        sx[k] = kxx[q] * x + kxy[q] * y + kxz[q] * z;
        sy[k] = kxy[q] * x + kyy[q] * y + kyz[q] * z;
        sz[k] = kxz[q] * x + kyz[q] * y + kzz[q] * z;
    }
}

/* Run by every thread of the team (system.h). */
static void demag_field_apply(ms_demag_plan *p, const double *ms, const double *m, double *h,
                              int accumulate)
{
    if (p->thin) {
        ms_demag_thin_apply(p, ms, m, h, accumulate);
        return;
    }
    const int master = omp_get_thread_num() == 0;
    const double t0 = master ? omp_get_wtime() : 0.0;
    ms_demag_slab_forward(p, ms, m);
    const double t1 = master ? omp_get_wtime() : 0.0;
    multiply_3d(p);
    const double t2 = master ? omp_get_wtime() : 0.0;
    ms_demag_slab_inverse(p, h, accumulate);
    if (master)
        p->fft_seconds += (t1 - t0) + (omp_get_wtime() - t2);
}

void ms_demag_field_add(ms_demag_plan *p, const double *ms, const double *m, double *h)
{
    MS_TEAM_RUN(ms_mm_team_size((size_t)p->nx * p->ny * p->nz, p->nthreads), demag_field_apply(p, ms, m, h, 1));
}

double ms_demag_fft_seconds(const ms_demag_plan *p) { return p ? p->fft_seconds : 0.0; }

/* Kernel slot of the cell offset d along an axis: d itself (mod P) open, d mod n periodic. */
static int slot_of(int d, int n, int images)
{
    const int p = pad(n, images);
    return ((d % p) + p) % p;
}

void ms_demag_field_add_direct(const ms_mesh *mesh, const double *m, double *h)
{
    const size_t n = mesh->n;
    const int p[3] = {pad(mesh->nx, mesh->pbc[0]), pad(mesh->ny, mesh->pbc[1]), pad(mesh->nz, mesh->pbc[2])};
    for (size_t i = 0; i < n; i++) {
        const int ix = (int)(i % mesh->nx), iy = (int)(i / mesh->nx % mesh->ny);
        const int iz = (int)(i / ((size_t)mesh->nx * mesh->ny));
        for (size_t j = 0; j < n; j++) {
            const int jx = (int)(j % mesh->nx), jy = (int)(j / mesh->nx % mesh->ny);
            const int jz = (int)(j / ((size_t)mesh->nx * mesh->ny));
            const int k[3] = {slot_of(ix - jx, mesh->nx, mesh->pbc[0]), slot_of(iy - jy, mesh->ny, mesh->pbc[1]),
                              slot_of(iz - jz, mesh->nz, mesh->pbc[2])};
            double t[6];
            kernel_slot(mesh, p, k, t);
            const double mx = mesh->ms[j] * m[j], my = mesh->ms[j] * m[n + j];
            const double mz = mesh->ms[j] * m[2 * n + j];
            h[i] -= t[0] * mx + t[3] * my + t[4] * mz;
            h[n + i] -= t[3] * mx + t[1] * my + t[5] * mz;
            h[2 * n + i] -= t[4] * mx + t[5] * my + t[2] * mz;
        }
    }
}

/* ---- the demag term of the system's table ---- */

static void demag_term_field_add(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    demag_field_apply(s->demag, s->mesh->ms, m, h, 1);
}

static void demag_term_field_set(ms_mm *s, double t, const double *m, double *h)
{
    (void)t;
    demag_field_apply(s->demag, s->mesh->ms, m, h, 0);
}

static double demag_term_energy(const ms_mm *s, const double *m, const double *h)
{
    return ms_mm_energy_from_field(s, m, h, 0.5);
}

static int demag_term_active(const ms_mm *s) { return s->demag != NULL; }

/* The thin path reads only the thread's rows of m before its first barrier (demag_thin.c). */
static int demag_term_own_barrier(const ms_mm *s) { return s->demag->thin; }

const ms_mm_term ms_term_demag = {
    .name = "demag", .active = demag_term_active, .field_add = demag_term_field_add,
    .energy = demag_term_energy, .field_set = demag_term_field_set, .own_barrier = demag_term_own_barrier};
