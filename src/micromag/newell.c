/* newell.c — the demagnetising tensor between two dx×dy×dz cells (H = −N M, SI, dimensionless N).
 *
 * Near cells: Newell, Williams & Dunlop, J. Geophys. Res. 98, 9551 (1993). With the auxiliary
 * functions f (diagonal) and g (off-diagonal),
 *   N_xx(X) = 1/(4π dx dy dz) Σ_{i,j,k ∈ {−1,0,1}} w_i w_j w_k f(X + i dx, Y + j dy, Z + k dz),
 *   w_0 = 2, w_±1 = −1  (the 27-point second difference), N_yy, N_zz by permuting the arguments,
 *   N_xy with g(x, y, z), N_xz with g(x, z, y), N_yz with g(y, z, x).
 * The second difference cancels terms of size R³ to leave a result of size V/R³, so double
 * precision loses about 5 log10(R/d) digits. Distant cells (R > 20 cell diagonals, where both
 * errors are about 1e-5 relative) therefore use the asymptotic expansion: the point-dipole tensor
 *   N_ab = V/(4π) (δ_ab R² − 3 X_a X_b)/R^5
 * averaged over source and target cells to second order in the cell size,
 *   N ≈ N_dip + (1/12) Σ_a d_a² ∂_a² N_dip,
 * with ∂_a² taken as a centred second difference over one cell (error O((d/R)^4) relative).
 *
 * Aharoni, J. Appl. Phys. 83, 3432 (1998), eq. (1): the demagnetising factor of a uniformly
 * magnetised rectangular prism, written here independently of the Newell code to check it. */
#include <math.h>
#include "metaspin/mesh.h"

#ifndef MS_NEWELL_FAR
#define MS_NEWELL_FAR 20.0
#endif

static double sq(double x) { return x * x; }

/* Newell's f(x, y, z) (even in each argument). */
static double newell_f(double x, double y, double z)
{
    x = fabs(x), y = fabs(y), z = fabs(z);
    const double x2 = x * x, y2 = y * y, z2 = z * z, r = sqrt(x2 + y2 + z2);
    double s = (2.0 * x2 - y2 - z2) * r / 6.0;
    if (x2 + z2 > 0 && y > 0)
        s += 0.5 * y * (z2 - x2) * asinh(y / sqrt(x2 + z2));
    if (x2 + y2 > 0 && z > 0)
        s += 0.5 * z * (y2 - x2) * asinh(z / sqrt(x2 + y2));
    if (x * r > 0)
        s -= x * y * z * atan(y * z / (x * r));
    return s;
}

/* Newell's g(x, y, z) (odd in x and y, even in z). */
static double newell_g(double x, double y, double z)
{
    const double sign = (x < 0 ? -1.0 : 1.0) * (y < 0 ? -1.0 : 1.0);
    x = fabs(x), y = fabs(y), z = fabs(z);
    const double x2 = x * x, y2 = y * y, z2 = z * z, r = sqrt(x2 + y2 + z2);
    double s = -x * y * r / 3.0;
    if (x2 + y2 > 0 && z > 0)
        s += x * y * z * asinh(z / sqrt(x2 + y2));
    if (y2 + z2 > 0 && x > 0)
        s += y / 6.0 * (3.0 * z2 - y2) * asinh(x / sqrt(y2 + z2));
    if (x2 + z2 > 0 && y > 0)
        s += x / 6.0 * (3.0 * z2 - x2) * asinh(y / sqrt(x2 + z2));
    if (z * r > 0)
        s -= z2 * z / 6.0 * atan(x * y / (z * r));
    if (y * r > 0)
        s -= 0.5 * z * y2 * atan(x * z / (y * r));
    if (x * r > 0)
        s -= 0.5 * z * x2 * atan(y * z / (x * r));
    return sign * s;
}

typedef double (*aux_fn)(double, double, double);

/* 27-point second difference of fn, arguments permuted by (p0, p1, p2) into (X, Y, Z) order. */
static double newell_stencil(aux_fn fn, const double X[3], const double d[3], int p0, int p1, int p2)
{
    static const double w[3] = {-1.0, 2.0, -1.0};
    double s = 0.0;
    for (int i = -1; i <= 1; i++)
        for (int j = -1; j <= 1; j++)
            for (int k = -1; k <= 1; k++) {
                const double a[3] = {X[0] + i * d[0], X[1] + j * d[1], X[2] + k * d[2]};
                s += w[i + 1] * w[j + 1] * w[k + 1] * fn(a[p0], a[p1], a[p2]);
            }
    return s / (4.0 * M_PI * d[0] * d[1] * d[2]);
}

static void newell_exact(const double X[3], const double d[3], double out[6])
{
    out[0] = newell_stencil(newell_f, X, d, 0, 1, 2);
    out[1] = newell_stencil(newell_f, X, d, 1, 0, 2);
    out[2] = newell_stencil(newell_f, X, d, 2, 1, 0);
    out[3] = newell_stencil(newell_g, X, d, 0, 1, 2);
    out[4] = newell_stencil(newell_g, X, d, 0, 2, 1);
    out[5] = newell_stencil(newell_g, X, d, 1, 2, 0);
}

static void dipole(double x, double y, double z, double v, double out[6])
{
    const double r2 = x * x + y * y + z * z, r5 = r2 * r2 * sqrt(r2), c = v / (4.0 * M_PI * r5);
    out[0] = c * (r2 - 3.0 * x * x);
    out[1] = c * (r2 - 3.0 * y * y);
    out[2] = c * (r2 - 3.0 * z * z);
    out[3] = -3.0 * c * x * y;
    out[4] = -3.0 * c * x * z;
    out[5] = -3.0 * c * y * z;
}

static void newell_far(const double X[3], const double d[3], double out[6])
{
    const double v = d[0] * d[1] * d[2];
    double c[6], p[6], q[6];
    dipole(X[0], X[1], X[2], v, c);
    for (int k = 0; k < 6; k++)
        out[k] = c[k];
    for (int a = 0; a < 3; a++) {
        double Xp[3] = {X[0], X[1], X[2]}, Xm[3] = {X[0], X[1], X[2]};
        Xp[a] += d[a], Xm[a] -= d[a];
        dipole(Xp[0], Xp[1], Xp[2], v, p);
        dipole(Xm[0], Xm[1], Xm[2], v, q);
        for (int k = 0; k < 6; k++)
            out[k] += (p[k] - 2.0 * c[k] + q[k]) / 12.0;
    }
}

void ms_demag_newell(double x, double y, double z, double dx, double dy, double dz, double out[6])
{
    const double X[3] = {x, y, z}, d[3] = {dx, dy, dz};
    const double diag2 = dx * dx + dy * dy + dz * dz;
    if (x * x + y * y + z * z > sq(MS_NEWELL_FAR) * diag2)
        newell_far(X, d, out);
    else
        newell_exact(X, d, out);
}

/* Aharoni (1998) eq. (1) with half-edges a, b, c; factor along c. */
double ms_demag_aharoni(double A, double B, double C)
{
    const double a = 0.5 * A, b = 0.5 * B, c = 0.5 * C;
    const double a2 = a * a, b2 = b * b, c2 = c * c;
    const double abc = a * b * c, r = sqrt(a2 + b2 + c2);
    const double rab = sqrt(a2 + b2), rbc = sqrt(b2 + c2), rac = sqrt(a2 + c2);
    double s = (b2 - c2) / (2.0 * b * c) * log((r - a) / (r + a));
    s += (a2 - c2) / (2.0 * a * c) * log((r - b) / (r + b));
    s += b / (2.0 * c) * log((rab + a) / (rab - a));
    s += a / (2.0 * c) * log((rab + b) / (rab - b));
    s += c / (2.0 * a) * log((rbc - b) / (rbc + b));
    s += c / (2.0 * b) * log((rac - a) / (rac + a));
    s += 2.0 * atan(a * b / (c * r));
    s += (a2 * a + b2 * b - 2.0 * c2 * c) / (3.0 * abc);
    s += (a2 + b2 - 2.0 * c2) / (3.0 * abc) * r;
    s += c / (a * b) * (rac + rbc);
    s -= (rab * rab * rab + rbc * rbc * rbc + rac * rac * rac) / (3.0 * abc);
    return s / M_PI;
}
