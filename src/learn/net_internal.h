/* net_internal.h — the layout of ms_bnn (src/learn only). Row-major float32 buffers:
 * a[l] [B][size l] layer inputs, xhat[l]/y[l] [B][size l+1] normalised and BatchNorm outputs,
 * W/Wb/gW [size l+1][size l] hidden and binary weights and the gradient w.r.t. the binary ones,
 * gamma/beta/rmean/rvar [n_bn_sets][size l+1]. */
#ifndef METASPIN_NET_INTERNAL_H
#define METASPIN_NET_INTERNAL_H

#include "metaspin/learn.h"

struct ms_bnn {
    ms_bnn_opts o;
    int threads;
    float *W[MS_LEARN_MAX_LAYERS], *Wb[MS_LEARN_MAX_LAYERS], *gW[MS_LEARN_MAX_LAYERS];
    float *a[MS_LEARN_MAX_LAYERS], *xhat[MS_LEARN_MAX_LAYERS], *y[MS_LEARN_MAX_LAYERS];
    float *mean[MS_LEARN_MAX_LAYERS], *invstd[MS_LEARN_MAX_LAYERS];
    float *gamma[MS_LEARN_MAX_LAYERS], *beta[MS_LEARN_MAX_LAYERS];
    float *rmean[MS_LEARN_MAX_LAYERS], *rvar[MS_LEARN_MAX_LAYERS];
    float *ggamma[MS_LEARN_MAX_LAYERS], *gbeta[MS_LEARN_MAX_LAYERS];
    float *dy, *dz, *prob;
};

#endif
