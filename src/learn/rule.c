/* rule.c — learning rules on the hidden weights: `adam` and `meta` (Laborieux et al., Nat. Commun.
 * 12, 2549 (2021), PHYSICS.md §5), and the driver of the `device` rule (rule_device.c).
 *
 * Adam (Kingma & Ba 2015) with L2 weight decay folded into the gradient, g ← g + λ W_h:
 *   m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 *   ΔW_h = −lr m̂ / (sqrt(v̂) + ε)
 * meta: where the step moves W_h toward zero, i.e. sign(W_h)·m > 0, ΔW_h is multiplied by
 *   f_meta = 1 − tanh²(m_meta |W_h|)   (W_h taken before the step);
 * sign-strengthening steps are not damped; BatchNorm γ, β always get plain Adam. State (m, v, t)
 * is reset at every task boundary when reset_state is set. m_meta may differ per layer. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "metaspin/learn.h"
#include "learn_internal.h"
#include "net_internal.h"

struct ms_rule {
    ms_rule_opts o;
    int n_layers, n_sets;
    float *m[MS_LEARN_MAX_LAYERS], *v[MS_LEARN_MAX_LAYERS];
    float *bm[MS_LEARN_MAX_LAYERS], *bv[MS_LEARN_MAX_LAYERS];   /* [set][2][width]: γ then β */
    float *step_buf;                                            /* device rule: proposed steps */
    long t;
    ms_device *device;
};

void ms_rule_meta_reference(float *w, float *m, float *v, const float *g, size_t n, double lr,
                            double b1, double b2, double eps, double wd, double meta, long t)
{
    const double c1 = 1 - pow(b1, (double)t), c2 = 1 - pow(b2, (double)t);
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i] + wd * w[i];
        m[i] = (float)(b1 * m[i] + (1 - b1) * gi);
        v[i] = (float)(b2 * v[i] + (1 - b2) * gi * gi);
        double step = lr * (m[i] / c1) / (sqrt(v[i] / c2) + eps);
        if (meta > 0 && w[i] * m[i] > 0) {
            const double th = tanh(meta * fabs(w[i]));
            step *= 1 - th * th;
        }
        w[i] = (float)(w[i] - step);
    }
}

/* sech²(x) = 1 − tanh²(x) = 4e/(1+e)² with e = exp(−2x), x >= 0, in a form the compiler
 * vectorises: exp by 2^k · 2^f with a degree-6 polynomial for 2^f on [0, 1) (relative error
 * < 2e-7; libm's tanhf is not vectorised and cost ~70 % of a training step). */
static inline float sech2(float x)
{
    const float x2 = -2.0f * x;
    const float t = (x2 < -80.0f ? -80.0f : x2) * 1.44269504f;   /* log2 e^(−2x) */
    const float k = floorf(t), f = t - k;
    const float p = 1.0f + f * (0.693147182f + f * (0.240226507f + f * (0.0555041087f +
                    f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
    union { float f; int32_t i; } s = {.i = ((int32_t)k + 127) << 23};
    const float e = p * s.f;
    const float d = 1.0f + e;
    return 4.0f * e / (d * d);
}

/* The same update, float32 and vectorised; m̂/(√v̂+ε) written as (m/c1) / (sqrt(v/c2) + ε). */
/* Parameters of one update, shared by the chunks. */
typedef struct meta_step { float b1, b2, wd, meta, eps, a1, a2, lr; } meta_step;

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
/* sech2 on 8 lanes, the same formula as the scalar version (FMA Horner). */
static inline __m256 sech2_v(__m256 x)
{
    const __m256 t = _mm256_mul_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_set1_ps(-2.0f), x), _mm256_set1_ps(-80.0f)),
                                   _mm256_set1_ps(1.44269504f));
    const __m256 k = _mm256_floor_ps(t), f = _mm256_sub_ps(t, k);
    __m256 p = _mm256_set1_ps(0.000154035304f);
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.00133335581f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.00961812911f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.0555041087f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.240226507f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(0.693147182f));
    p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
    const __m256i ki = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    const __m256 e = _mm256_mul_ps(p, _mm256_castsi256_ps(ki));
    const __m256 d = _mm256_add_ps(_mm256_set1_ps(1.0f), e);
    return _mm256_div_ps(_mm256_mul_ps(_mm256_set1_ps(4.0f), e), _mm256_mul_ps(d, d));
}

/* 8 lanes of the update (GCC does not vectorise the scalar loop: sqrtf's errno branch). Returns
 * the first index not done. */
static size_t meta_chunk_avx2(float *restrict w, float *restrict m, float *restrict v,
                              const float *restrict g, size_t i0, size_t i1, const meta_step *p,
                              float *restrict wb)
{
    const __m256 b1 = _mm256_set1_ps(p->b1), c1 = _mm256_set1_ps(1 - p->b1), b2 = _mm256_set1_ps(p->b2),
                 c2 = _mm256_set1_ps(1 - p->b2), wd = _mm256_set1_ps(p->wd), fm = _mm256_set1_ps(p->meta),
                 e = _mm256_set1_ps(p->eps), a1 = _mm256_set1_ps(p->a1 * p->lr), a2 = _mm256_set1_ps(p->a2),
                 one = _mm256_set1_ps(1.0f), mone = _mm256_set1_ps(-1.0f), zero = _mm256_setzero_ps(),
                 absmask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    size_t i = i0;
    for (; i + 8 <= i1; i += 8) {
        const __m256 wi = _mm256_loadu_ps(w + i);
        const __m256 gi = _mm256_fmadd_ps(wd, wi, _mm256_loadu_ps(g + i));
        const __m256 mi = _mm256_fmadd_ps(b1, _mm256_loadu_ps(m + i), _mm256_mul_ps(c1, gi));
        const __m256 vi = _mm256_fmadd_ps(b2, _mm256_loadu_ps(v + i), _mm256_mul_ps(c2, _mm256_mul_ps(gi, gi)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        const __m256 step = _mm256_div_ps(_mm256_mul_ps(a1, mi), _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vi, a2)), e));
        const __m256 damp = sech2_v(_mm256_mul_ps(fm, _mm256_and_ps(wi, absmask)));
        const __m256 toward = _mm256_cmp_ps(_mm256_mul_ps(wi, mi), zero, _CMP_GT_OQ);
        const __m256 wn = _mm256_sub_ps(wi, _mm256_mul_ps(step, _mm256_blendv_ps(one, damp, toward)));
        _mm256_storeu_ps(w + i, wn);
        if (wb) _mm256_storeu_ps(wb + i, _mm256_blendv_ps(mone, one, _mm256_cmp_ps(wn, zero, _CMP_GE_OQ)));
    }
    return i;
}
#endif

/* Elements [i0, i1) of the update; also writes sign(W_h) into wb when wb != NULL. */
static void meta_chunk(float *restrict w, float *restrict m, float *restrict v,
                       const float *restrict g, size_t i0, size_t i1, const meta_step *p,
                       float *restrict wb)
{
    const float b1 = p->b1, b2 = p->b2, wd = p->wd, fm = p->meta, e = p->eps, a1 = p->a1, a2 = p->a2, lr = p->lr;
#if defined(__AVX2__) && defined(__FMA__)
    const size_t iv = meta_chunk_avx2(w, m, v, g, i0, i1, p, wb);
#else
    const size_t iv = i0;
#endif
    for (size_t i = iv; i < i1; i++) {
        const float gi = g[i] + wd * w[i];
        const float mi = b1 * m[i] + (1 - b1) * gi;
        const float vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const float step = lr * (mi * a1) / (sqrtf(vi * a2) + e);
        const float damp = sech2(fm * fabsf(w[i]));   /* = 1 for m = 0 */
        const float f = w[i] * mi > 0 ? damp : 1.0f;
        w[i] -= step * f;
    }
    if (wb)
        for (size_t i = iv; i < i1; i++) wb[i] = w[i] >= 0 ? 1.0f : -1.0f;
}

static void meta_kernel(float *restrict w, float *restrict m, float *restrict v,
                        const float *restrict g, size_t n, double lr, double b1, double b2,
                        double eps, double wd, double meta, long t, int max_threads,
                        float *restrict wb)
{
    const int threads = n > 65536 ? max_threads : 1;
    const meta_step p = {(float)b1, (float)b2, (float)wd, (float)meta, (float)eps,
                         (float)(1 / (1 - pow(b1, (double)t))), (float)(1 / (1 - pow(b2, (double)t))), (float)lr};
    const size_t chunk = 16384, nc = (n + chunk - 1) / chunk;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (size_t c = 0; c < nc; c++)
        meta_chunk(w, m, v, g, c * chunk, (c + 1) * chunk < n ? (c + 1) * chunk : n, &p, wb);
}

void ms_rule_meta_kernel(float *w, float *m, float *v, const float *g, size_t n, double lr,
                         double b1, double b2, double eps, double wd, double meta, long t)
{
    meta_kernel(w, m, v, g, n, lr, b1, b2, eps, wd, meta, t, omp_get_max_threads(), NULL);
}

/* Adam steps without applying them (device rule): step[i] = −lr m̂/(√v̂+ε). */
static void adam_chunk(float *restrict m, float *restrict v, const float *restrict g,
                       float *restrict step, size_t i0, size_t i1, const meta_step *p)
{
    for (size_t i = i0; i < i1; i++) {
        const float mi = p->b1 * m[i] + (1 - p->b1) * g[i], vi = p->b2 * v[i] + (1 - p->b2) * g[i] * g[i];
        m[i] = mi;
        v[i] = vi;
        step[i] = -p->lr * (mi * p->a1) / (sqrtf(vi * p->a2) + p->eps);
    }
}

static void adam_steps(float *m, float *v, const float *g, float *step, size_t n,
                       const ms_rule_opts *o, long t, int max_threads)
{
    const int threads = n > 65536 ? max_threads : 1;
    const meta_step p = {(float)o->beta1, (float)o->beta2, 0, 0, (float)o->eps,
                         (float)(1 / (1 - pow(o->beta1, (double)t))), (float)(1 / (1 - pow(o->beta2, (double)t))),
                         (float)o->lr};
    const size_t chunk = 16384, nc = (n + chunk - 1) / chunk;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (size_t c = 0; c < nc; c++)
        adam_chunk(m, v, g, step, c * chunk, (c + 1) * chunk < n ? (c + 1) * chunk : n, &p);
}

int ms_rule_create(ms_rule **out, const ms_rule_opts *o, ms_bnn *net, uint64_t seed, ms_error *err)
{
    *out = NULL;
    if (!(o->lr > 0) || !(o->beta1 >= 0 && o->beta1 < 1) || !(o->beta2 >= 0 && o->beta2 < 1) || !(o->eps > 0))
        return MS_ERROR(err, MS_EINPUT, "rule: lr %g, beta1 %g, beta2 %g, eps %g out of range", o->lr, o->beta1, o->beta2, o->eps);
    ms_rule *r = calloc(1, sizeof *r);
    if (!r) return MS_ERROR(err, MS_ENOMEM, "rule: out of memory");
    r->o = *o;
    r->n_layers = net->o.n_layers;
    r->n_sets = net->o.n_bn_sets;
    int ok = 1;
    size_t maxn = 1;
    for (int l = 0; l < r->n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l), nb = 2 * (size_t)net->o.size[l + 1] * (size_t)r->n_sets;
        if (n > maxn) maxn = n;
        ok &= !!(r->m[l] = calloc(n, sizeof(float))) & !!(r->v[l] = calloc(n, sizeof(float)));
        ok &= !!(r->bm[l] = calloc(nb, sizeof(float))) & !!(r->bv[l] = calloc(nb, sizeof(float)));
    }
    if (ok && o->kind == MS_RULE_DEVICE) ok = !!(r->step_buf = malloc(maxn * sizeof(float)));
    if (!ok) { ms_rule_destroy(r); return MS_ERROR(err, MS_ENOMEM, "rule: out of memory"); }
    if (o->kind == MS_RULE_DEVICE) {
        int status = ms_device_create(&r->device, &o->device, net, seed, err);
        if (status) { ms_rule_destroy(r); return status; }
    }
    *out = r;
    return MS_OK;
}

void ms_rule_destroy(ms_rule *r)
{
    if (!r) return;
    for (int l = 0; l < MS_LEARN_MAX_LAYERS; l++) { free(r->m[l]); free(r->v[l]); free(r->bm[l]); free(r->bv[l]); }
    free(r->step_buf);
    ms_device_destroy(r->device);
    free(r);
}

void ms_rule_reset(ms_rule *r)
{
    if (!r->o.reset_state) return;
    r->t = -1;   /* ms_rule_apply clears m, v and t before the next step */
}

static void rule_clear(ms_rule *r, ms_bnn *net)
{
    for (int l = 0; l < r->n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l), nb = 2 * (size_t)net->o.size[l + 1] * (size_t)r->n_sets;
        memset(r->m[l], 0, n * sizeof(float));
        memset(r->v[l], 0, n * sizeof(float));
        memset(r->bm[l], 0, nb * sizeof(float));
        memset(r->bv[l], 0, nb * sizeof(float));
    }
    r->t = 0;
}

int ms_rule_apply(ms_rule *r, ms_bnn *net, int bn, uint64_t step, ms_error *err)
{
    if (r->t < 0) rule_clear(r, net);
    const long t = ++r->t;
    const ms_rule_opts *o = &r->o;
    for (int l = 0; l < r->n_layers; l++) {
        const size_t n = ms_bnn_weight_count(net, l), no = (size_t)net->o.size[l + 1];
        if (o->kind == MS_RULE_DEVICE) {
            adam_steps(r->m[l], r->v[l], net->gW[l], r->step_buf, n, o, t, net->threads);
            int status = ms_device_update(r->device, net, l, r->step_buf, step, err);
            if (status) return status;
        } else {
            const double meta = o->kind == MS_RULE_META
                ? (o->meta_layer[l] > 0 ? o->meta_layer[l] : o->meta) : 0.0;
            const double wd = o->kind == MS_RULE_META ? o->weight_decay : 0.0;
            meta_kernel(net->W[l], r->m[l], r->v[l], net->gW[l], n, o->lr, o->beta1, o->beta2,
                        o->eps, wd, meta, t, net->threads, net->o.surrogate ? NULL : net->Wb[l]);
        }
        float *bm = r->bm[l] + (size_t)bn * 2 * no, *bv = r->bv[l] + (size_t)bn * 2 * no;
        meta_kernel(net->gamma[l] + (size_t)bn * no, bm, bv, net->ggamma[l], no, o->lr, o->beta1,
                    o->beta2, o->eps, 0, 0, t, 1, NULL);
        meta_kernel(net->beta[l] + (size_t)bn * no, bm + no, bv + no, net->gbeta[l], no, o->lr,
                    o->beta1, o->beta2, o->eps, 0, 0, t, 1, NULL);
    }
    return MS_OK;
}

const ms_device_stats *ms_rule_device_stats(const ms_rule *r)
{
    return r->device ? ms_device_get_stats(r->device) : NULL;
}
