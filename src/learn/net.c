/* net.c — the binarized fully connected network of PHYSICS.md §5 (Laborieux et al., Nat. Commun.
 * 12, 2549 (2021); Hubara et al., NeurIPS 2016): forward and backward passes.
 *
 * Layer l (input a_l [nb][n_in], binary weights w_l = sign(W_h,l) [n_out][n_in], no bias):
 *   z = a_l w_l^T;  x̂ = (z − μ_B) / sqrt(σ²_B + ε);  y = γ x̂ + β      (BatchNorm, batch statistics)
 *   a_{l+1} = sign(y) on hidden layers; y of the last layer are the logits.
 * Loss: mean softmax cross-entropy. Backward (straight-through estimator): ∂a_{l+1}/∂y = 1 for
 * |y| ≤ 1, else 0 (the exact derivative of hardtanh, the surrogate checked in the tests), BatchNorm
 * backward through the batch statistics, ∂L/∂w_l = dz^T a_l, ∂L/∂a_l = dz w_l.
 * Matrix products go through CBLAS (OpenBLAS run single-threaded); each product is split over
 * column blocks of its output across the OpenMP threads, like the elementwise BatchNorm work, so
 * only one thread pool ever runs (OpenBLAS's own pthreads spinning against OpenMP's cost 2-3x).
 * sign(0) = +1. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "metaspin/rng.h"
#include "net_internal.h"

static float *fbuf(size_t n) { return calloc(n ? n : 1, sizeof(float)); }

/* Threads for a loop over `work` elements: one for small work, where a parallel region's barrier
 * costs more than it saves (and a descheduled thread on a busy machine stalls everyone). */
static int nthreads(const ms_bnn *net, size_t work) { return work >= 65536 ? net->threads : 1; }

/* C[M][N] = op(A) op(B) (row-major, beta = 0), the N columns split in blocks over the threads. */
static void sgemm_split(int threads, enum CBLAS_TRANSPOSE ta, enum CBLAS_TRANSPOSE tb, int M, int N,
                        int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc)
{
    const int nblk = threads < 1 ? 1 : threads;
    const int chunk = ((N + nblk - 1) / nblk + 15) / 16 * 16;
#pragma omp parallel for num_threads(nblk) schedule(static, 1)
    for (int b = 0; b < nblk; b++) {
        const int n0 = b * chunk, n1 = n0 + chunk < N ? n0 + chunk : N;
        if (n1 <= n0) continue;
        const float *Bb = tb == CblasNoTrans ? B + n0 : B + (size_t)n0 * (size_t)ldb;
        cblas_sgemm(CblasRowMajor, ta, tb, M, n1 - n0, K, 1.0f, A, lda, Bb, ldb, 0.0f, C + n0, ldc);
    }
}

int ms_bnn_create(ms_bnn **out, const ms_bnn_opts *o, uint64_t seed, ms_error *err)
{
    *out = NULL;
    if (o->n_layers < 1 || o->n_layers > MS_LEARN_MAX_LAYERS || o->max_batch < 1 || o->n_bn_sets < 1)
        return MS_ERROR(err, MS_EINPUT, "network: %d layers (1..%d), batch %d and %d BatchNorm sets are not usable",
                        o->n_layers, MS_LEARN_MAX_LAYERS, o->max_batch, o->n_bn_sets);
    for (int l = 0; l <= o->n_layers; l++)
        if (o->size[l] < 1) return MS_ERROR(err, MS_EINPUT, "network: layer %d has %d units", l, o->size[l]);
    ms_bnn *net = calloc(1, sizeof *net);
    if (!net) return MS_ERROR(err, MS_ENOMEM, "network: out of memory");
    net->o = *o;
    net->threads = 1;
    int ok = 1, maxw = 0;
    const size_t B = (size_t)o->max_batch;
    for (int l = 0; l <= o->n_layers; l++) if (o->size[l] > maxw) maxw = o->size[l];
    for (int l = 0; l < o->n_layers; l++) {
        const size_t ni = (size_t)o->size[l], no = (size_t)o->size[l + 1];
        ok &= !!(net->W[l] = fbuf(no * ni)) & !!(net->Wb[l] = fbuf(no * ni)) & !!(net->gW[l] = fbuf(no * ni));
        ok &= !!(net->a[l] = fbuf(B * ni)) & !!(net->xhat[l] = fbuf(B * no)) & !!(net->y[l] = fbuf(B * no));
        ok &= !!(net->mean[l] = fbuf(no)) & !!(net->invstd[l] = fbuf(no));
        ok &= !!(net->gamma[l] = fbuf(no * (size_t)o->n_bn_sets)) & !!(net->beta[l] = fbuf(no * (size_t)o->n_bn_sets));
        ok &= !!(net->rmean[l] = fbuf(no * (size_t)o->n_bn_sets)) & !!(net->rvar[l] = fbuf(no * (size_t)o->n_bn_sets));
        ok &= !!(net->ggamma[l] = fbuf(no)) & !!(net->gbeta[l] = fbuf(no));
        if (!ok) break;
        for (size_t j = 0; j < no * (size_t)o->n_bn_sets; j++) net->gamma[l][j] = net->rvar[l][j] = 1.0f;
    }
    ok = ok && (net->dy = fbuf(B * (size_t)maxw)) && (net->dz = fbuf(B * (size_t)maxw)) &&
         (net->prob = fbuf(B * (size_t)o->size[o->n_layers]));
    if (!ok) { ms_bnn_destroy(net); return MS_ERROR(err, MS_ENOMEM, "network: out of memory"); }
    /* W_h ~ U(−a, a), one Philox stream per layer, counter = element / 4. */
    const ms_rng_key key = ms_rng_key_make(seed);
    for (int l = 0; l < o->n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l);
        for (size_t i = 0; i < n; i += 4) {
            double u[4];
            ms_rng_uniform4(key, MS_RNG_DOMAIN(MS_RNG_NETWORK) + (uint64_t)l, i / 4, u);
            for (size_t k = 0; k < 4 && i + k < n; k++)
                net->W[l][i + k] = (float)((2 * u[k] - 1) * o->init_range);
        }
    }
    ms_bnn_binarize(net);
    *out = net;
    return MS_OK;
}

void ms_bnn_destroy(ms_bnn *net)
{
    if (!net) return;
    for (int l = 0; l < MS_LEARN_MAX_LAYERS; l++) {
        free(net->W[l]); free(net->Wb[l]); free(net->gW[l]); free(net->a[l]); free(net->xhat[l]);
        free(net->y[l]); free(net->mean[l]); free(net->invstd[l]); free(net->gamma[l]); free(net->beta[l]);
        free(net->rmean[l]); free(net->rvar[l]); free(net->ggamma[l]); free(net->gbeta[l]);
    }
    free(net->dy); free(net->dz); free(net->prob);
    free(net);
}

void ms_bnn_binarize(ms_bnn *net)
{
    if (net->o.surrogate) return;
    for (int l = 0; l < net->o.n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l);
        const float *restrict W = net->W[l];
        float *restrict Wb = net->Wb[l];
#pragma omp parallel for num_threads(nthreads(net, n)) schedule(static)
        for (size_t i = 0; i < n; i++) Wb[i] = W[i] >= 0 ? 1.0f : -1.0f;
    }
}

/* Batch statistics of z [nb][no] per column (in place: z becomes x̂), then y = γ x̂ + β and the
 * next layer's input sign(y) (or hardtanh(y) in surrogate mode) when `next` is not NULL. */
static void bn_forward(ms_bnn *net, int l, int nb, int bn, int train, float *restrict next)
{
    const int no = net->o.size[l + 1];
    const float eps = net->o.bn_eps, mom = 0.1f;
    const int use_running = !train && net->o.bn_running;
    float *restrict xh = net->xhat[l], *restrict y = net->y[l];
    const float *restrict g = net->gamma[l] + (size_t)bn * no, *restrict b = net->beta[l] + (size_t)bn * no;
    float *restrict rm = net->rmean[l] + (size_t)bn * no, *restrict rv = net->rvar[l] + (size_t)bn * no;
    float *restrict mu = net->mean[l], *restrict is = net->invstd[l];
    const int surrogate = net->o.surrogate;
#pragma omp parallel for num_threads(nthreads(net, (size_t)nb * (size_t)no)) schedule(static)
    for (int j0 = 0; j0 < no; j0 += 64) {
        const int j1 = j0 + 64 < no ? j0 + 64 : no;
        float s[64] = {0}, s2[64] = {0};
        if (use_running) {
            for (int j = j0; j < j1; j++) { mu[j] = rm[j]; is[j] = 1.0f / sqrtf(rv[j] + eps); }
        } else {
            for (int i = 0; i < nb; i++)
                for (int j = j0; j < j1; j++) s[j - j0] += xh[(size_t)i * no + j];
            for (int j = j0; j < j1; j++) mu[j] = s[j - j0] / (float)nb;
            for (int i = 0; i < nb; i++)
                for (int j = j0; j < j1; j++) {
                    const float e = xh[(size_t)i * no + j] - mu[j];
                    s2[j - j0] += e * e;
                }
            for (int j = j0; j < j1; j++) {
                const float var = s2[j - j0] / (float)nb;
                is[j] = 1.0f / sqrtf(var + eps);
                if (train) {
                    rm[j] = (1 - mom) * rm[j] + mom * mu[j];
                    rv[j] = (1 - mom) * rv[j] + mom * (nb > 1 ? var * (float)nb / (float)(nb - 1) : var);
                }
            }
        }
        for (int i = 0; i < nb; i++)
            for (int j = j0; j < j1; j++) {
                const size_t k = (size_t)i * no + j;
                const float x = (xh[k] - mu[j]) * is[j];
                const float v = g[j] * x + b[j];
                xh[k] = x;
                y[k] = v;
                if (next)
                    next[k] = surrogate ? (v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v) : (v >= 0 ? 1.0f : -1.0f);
            }
    }
}

/* Softmax of the logits into net->prob; returns Σ −log p_y (double) if y != NULL. */
static double softmax_loss(ms_bnn *net, const int32_t *lab, int nb)
{
    const int L = net->o.n_layers, no = net->o.size[L];
    double loss = 0;
#pragma omp parallel for num_threads(nthreads(net, (size_t)nb * (size_t)no * 64)) reduction(+ : loss) schedule(static)
    for (int i = 0; i < nb; i++) {
        const float *z = net->y[L - 1] + (size_t)i * no;
        float *p = net->prob + (size_t)i * no;
        float zmax = z[0];
        for (int j = 1; j < no; j++) zmax = fmaxf(zmax, z[j]);
        double s = 0;
        for (int j = 0; j < no; j++) s += exp((double)(z[j] - zmax));
        for (int j = 0; j < no; j++) p[j] = (float)(exp((double)(z[j] - zmax)) / s);
        if (lab) loss += log(s) - (double)(z[lab[i]] - zmax);
    }
    return loss;
}

float ms_bnn_forward(ms_bnn *net, const float *x, const int32_t *lab, int nb, int bn, int train)
{
    const int L = net->o.n_layers;
    memcpy(net->a[0], x, (size_t)nb * (size_t)net->o.size[0] * sizeof(float));
    for (int l = 0; l < L; l++) {
        const int ni = net->o.size[l], no = net->o.size[l + 1];
        sgemm_split(nthreads(net, (size_t)nb * (size_t)no * (size_t)ni / 8), CblasNoTrans, CblasTrans, nb, no, ni, net->a[l], ni, net->Wb[l], ni,
                    net->xhat[l], no);
        bn_forward(net, l, nb, bn, train, l + 1 < L ? net->a[l + 1] : NULL);
    }
    return (float)(softmax_loss(net, lab, nb) / nb);
}

/* BatchNorm backward of layer l: dy [nb][no] -> dz (batch statistics), ∂L/∂γ, ∂L/∂β. */
static void bn_backward(ms_bnn *net, int l, int nb, int bn)
{
    const int no = net->o.size[l + 1];
    const float *restrict dy = net->dy, *restrict xh = net->xhat[l];
    const float *restrict g = net->gamma[l] + (size_t)bn * no, *restrict is = net->invstd[l];
    float *restrict dz = net->dz, *restrict gg = net->ggamma[l], *restrict gb = net->gbeta[l];
#pragma omp parallel for num_threads(nthreads(net, (size_t)nb * (size_t)no)) schedule(static)
    for (int j0 = 0; j0 < no; j0 += 64) {
        const int j1 = j0 + 64 < no ? j0 + 64 : no;
        float sg[64] = {0}, sb[64] = {0};
        for (int i = 0; i < nb; i++)
            for (int j = j0; j < j1; j++) {
                const size_t k = (size_t)i * no + j;
                sg[j - j0] += dy[k] * xh[k];
                sb[j - j0] += dy[k];
            }
        for (int j = j0; j < j1; j++) { gg[j] = sg[j - j0]; gb[j] = sb[j - j0]; }
        for (int i = 0; i < nb; i++)
            for (int j = j0; j < j1; j++) {
                const size_t k = (size_t)i * no + j;
                dz[k] = g[j] * is[j] * (dy[k] - (sb[j - j0] + xh[k] * sg[j - j0]) / (float)nb);
            }
    }
}

void ms_bnn_backward(ms_bnn *net, const int32_t *lab, int nb, int bn)
{
    const int L = net->o.n_layers, nout = net->o.size[L];
    for (int i = 0; i < nb; i++)
        for (int j = 0; j < nout; j++) {
            const size_t k = (size_t)i * nout + j;
            net->dy[k] = (net->prob[k] - (j == lab[i] ? 1.0f : 0.0f)) / (float)nb;
        }
    for (int l = L - 1; l >= 0; l--) {
        const int ni = net->o.size[l], no = net->o.size[l + 1];
        bn_backward(net, l, nb, bn);
        sgemm_split(nthreads(net, (size_t)nb * (size_t)no * (size_t)ni / 8), CblasTrans, CblasNoTrans, no, ni, nb, net->dz, no, net->a[l], ni,
                    net->gW[l], ni);
        if (l == 0) break;
        sgemm_split(nthreads(net, (size_t)nb * (size_t)no * (size_t)ni / 8), CblasNoTrans, CblasNoTrans, nb, ni, no, net->dz, no, net->Wb[l], ni,
                    net->dy, ni);
        /* Straight-through gradient of sign(y), masked to |y| ≤ 1. */
        const float *restrict yp = net->y[l - 1];
        float *restrict d = net->dy;
        const size_t n = (size_t)nb * (size_t)ni;
#pragma omp parallel for num_threads(nthreads(net, n)) schedule(static)
        for (size_t k = 0; k < n; k++) d[k] = fabsf(yp[k]) <= 1.0f ? d[k] : 0.0f;
    }
}

int ms_bnn_correct(const ms_bnn *net, const int32_t *lab, int nb)
{
    const int L = net->o.n_layers, no = net->o.size[L];
    int c = 0;
    for (int i = 0; i < nb; i++) {
        const float *p = net->y[L - 1] + (size_t)i * no;
        int best = 0;
        for (int j = 1; j < no; j++) if (p[j] > p[best]) best = j;
        c += best == lab[i];
    }
    return c;
}

int ms_bnn_layers(const ms_bnn *net) { return net->o.n_layers; }
size_t ms_bnn_weight_count(const ms_bnn *net, int l) { return (size_t)net->o.size[l] * (size_t)net->o.size[l + 1]; }
int ms_bnn_width(const ms_bnn *net, int l) { return net->o.size[l + 1]; }
float *ms_bnn_hidden(ms_bnn *net, int l) { return net->W[l]; }
float *ms_bnn_binary(ms_bnn *net, int l) { return net->Wb[l]; }
float *ms_bnn_grad(ms_bnn *net, int l) { return net->gW[l]; }
float *ms_bnn_bn_param(ms_bnn *net, int l, int bn, int which)
{
    return (which ? net->beta[l] : net->gamma[l]) + (size_t)bn * (size_t)net->o.size[l + 1];
}
float *ms_bnn_bn_grad(ms_bnn *net, int l, int which) { return which ? net->gbeta[l] : net->ggamma[l]; }
const float *ms_bnn_logits(const ms_bnn *net) { return net->y[net->o.n_layers - 1]; }
void ms_bnn_set_threads(ms_bnn *net, int threads) { net->threads = threads > 0 ? threads : 1; }
