/* deterministic — T = 0 checks against closed forms (PHYSICS.md §1):
 *  - precession frequency of m ⊥ H (no anisotropy, α = 1e-6): f = γ0 H/(2π (1+α²)), measured from
 *    the phase after 50.25 turns, RK45 (rtol 1e-12) and RK4 (400 steps per turn); tolerance 1e-6
 *    relative (the target; the integrators reach ~1e-9);
 *  - collinear STT switching time of a uniaxial macrospin (p antiparallel to the initial state,
 *    field-like torque off, constant η) from θ0 = 0.05 to m_z = 0 and to m_z = −0.5, for
 *    J/J_c0 = 1.5, 2, 4, against ms_model_stt_switch_time (exact quadrature of the reduced 1-D
 *    equation); RK4 with 20000 steps per switching time, crossing interpolated; tolerance 1e-3;
 *  - the small-angle relaxation time in the well equals τ_D = (1+α²)/(α γ0 H_k) (α = 0.1, 0.02);
 *    tolerance 1e-4 relative (the O(θ²) nonlinearity at θ0 = 1e-3 is 1e-6). */
#include "common.h"
#include "macrospin/reduced.h"

static ms_ctx *ctx;

static int precession(int rk45)
{
    const double mu0 = GSL_CONST_MKSA_VACUUM_PERMEABILITY;
    reduced r;
    reduced_init(&r, 1.0, 0.0, 1e-6, 0.01);
    ms_macrospin_device *d = &r.dev;
    d->k_u1 = 0;
    d->temperature = 0;
    d->h_bias[2] = 8e4;
    const double omega = mu0 * d->gamma * d->h_bias[2] / (1 + d->alpha * d->alpha);
    const double period = 2 * M_PI / omega;
    r.opt.integrator = rk45 ? MS_INTEGRATOR_RK45 : MS_INTEGRATOR_RK4;
    r.opt.rtol = r.opt.atol = 1e-12;
    r.opt.dt = period / (rk45 ? 4 : 400);
    r.opt.initial = MS_INITIAL_VECTOR;
    r.opt.m0[0] = 1;
    r.opt.m0[2] = 0;
    ms_macrospin_batch *b = reduced_batch(&r, 1, ctx);
    const double t_end = 50.25 * period;
    reduced_run(b, t_end);
    double m[3];
    ms_macrospin_batch_get_m(b, 0, m);
    const double f = (50 * 2 * M_PI + atan2(m[1], m[0])) / (2 * M_PI * t_end);
    ms_macrospin_batch_destroy(b);
    return ms_validate_report(rk45 ? "macrospin/precession_rel_error_rk45" : "macrospin/precession_rel_error_rk4",
                              f / (omega / (2 * M_PI)) - 1, 0.0, 1e-6);
}

static int stt_time(double i, double x_end)
{
    reduced r;
    reduced_init(&r, 1.0, 0.0, 0.02, 0.01);
    ms_macrospin_device *d = &r.dev;
    d->temperature = 0;
    d->stt = MS_STT_CONSTANT;
    d->stt_eta = 0.4;
    d->t_free = 1.2e-9;
    d->stt_p[2] = -1;
    d->j_wave.amplitude = i * ms_model_jc0(d->alpha, d->k_u1, d->t_free, d->stt_eta);
    const double th0 = 0.05;
    double t_ref;
    ms_error err;
    if (ms_model_stt_switch_time(i, 0.0, r.tau_d, th0, acos(x_end), &t_ref, &err))
        die("ms_model_stt_switch_time", &err);
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.dt = t_ref / 20000;
    r.opt.initial = MS_INITIAL_VECTOR;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    r.opt.threshold = x_end;
    r.opt.stop_when_switched = 1;
    ms_macrospin_batch *b = reduced_batch(&r, 1, ctx);
    reduced_run(b, 2 * t_ref);
    const double t = ms_macrospin_batch_switch_times(b)[0];
    ms_macrospin_batch_destroy(b);
    char name[80];
    snprintf(name, sizeof name, "macrospin/stt_switch_time_rel_error_i%g_mz%g", i, x_end);
    return ms_validate_report(name, t / t_ref - 1, 0.0, 1e-3);
}

static int damping_time(double alpha)
{
    reduced r;
    reduced_init(&r, 1.0, 0.0, alpha, 0.002);
    r.dev.temperature = 0;
    r.opt.integrator = MS_INTEGRATOR_RK4;
    r.opt.initial = MS_INITIAL_VECTOR;
    const double th0 = 1e-3;
    r.opt.m0[0] = sin(th0);
    r.opt.m0[2] = cos(th0);
    ms_macrospin_batch *b = reduced_batch(&r, 1, ctx);
    reduced_run(b, 3 * r.tau_d);
    double m[3];
    ms_macrospin_batch_get_m(b, 0, m);
    const double tau = 3 * r.tau_d / log(th0 / atan2(hypot(m[0], m[1]), m[2]));
    ms_macrospin_batch_destroy(b);
    char name[64];
    snprintf(name, sizeof name, "macrospin/damping_time_rel_error_alpha%g", alpha);
    return ms_validate_report(name, tau / r.tau_d - 1, 0.0, 1e-4);
}

int main(void)
{
    ctx = ms_ctx_create(1, 1);
    int fail = precession(0) + precession(1);
    const double is[3] = {1.5, 2.0, 4.0};
    for (int k = 0; k < 3; k++)
        fail += stt_time(is[k], 0.0) + stt_time(is[k], -0.5);
    fail += damping_time(0.1) + damping_time(0.02);
    ms_ctx_destroy(ctx);
    return fail;
}
