/* cite.c — the references metaspin's models and methods rely on, by key (STYLE.md rule 12).
 * Code calls ms_cite(ctx, "brown1963") where it uses a result; output files list what was cited.
 * Add a reference here before citing it; the table is the single source of full citations. */
#include "metaspin/ctx.h"
#include "metaspin/error.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *key;
    const char *text;
} ms_references[] = {
    {"brown1963", "W. F. Brown, Thermal fluctuations of a single-domain particle, Phys. Rev. 130, 1677 (1963)"},
    {"garciapalacios1998", "J. L. Garcia-Palacios and F. J. Lazaro, Langevin-dynamics study of the dynamical properties of small magnetic particles, Phys. Rev. B 58, 14937 (1998)"},
    {"slonczewski1996", "J. C. Slonczewski, Current-driven excitation of magnetic multilayers, J. Magn. Magn. Mater. 159, L1 (1996)"},
    {"sun2000", "J. Z. Sun, Spin-current interaction with a monodomain magnetic body: a model study, Phys. Rev. B 62, 570 (2000)"},
    {"coffey2012", "W. T. Coffey and Y. P. Kalmykov, Thermal fluctuations of magnetic nanoparticles: fifty years after Brown, J. Appl. Phys. 112, 121301 (2012)"},
    {"beleggia2003", "M. Beleggia and M. De Graef, On the computation of the demagnetization tensor field for an arbitrary particle shape using a Fourier space approach, J. Magn. Magn. Mater. 263, L1 (2003)"},
    {"newell1993", "A. J. Newell, W. Williams and D. J. Dunlop, A generalization of the demagnetizing tensor for nonuniform magnetization, J. Geophys. Res. 98, 9551 (1993)"},
    {"aharoni1998", "A. Aharoni, Demagnetizing factors for rectangular ferromagnetic prisms, J. Appl. Phys. 83, 3432 (1998)"},
    {"dormand1980", "J. R. Dormand and P. J. Prince, A family of embedded Runge-Kutta formulae, J. Comput. Appl. Math. 6, 19 (1980)"},
    {"mumag4", "muMAG standard problem #4, NIST Center for Theoretical and Computational Materials Science"},
    {"mumag3", "muMAG standard problem #3, NIST Center for Theoretical and Computational Materials Science"},
    {"salmon2011", "J. K. Salmon, M. A. Moraes, R. O. Dror and D. E. Shaw, Parallel random numbers: as easy as 1, 2, 3, SC11 (2011)"},
    {"bauer2015", "U. Bauer et al., Magneto-ionic control of interfacial magnetism, Nat. Mater. 14, 174 (2015)"},
    {"bi2014", "C. Bi et al., Reversible control of Co magnetism by voltage-induced oxidation, Phys. Rev. Lett. 113, 267202 (2014)"},
    {"tan2019", "A. J. Tan et al., Magneto-ionic control of magnetism using a solid-state proton pump, Nat. Mater. 18, 35 (2019)"},
    {"derojas2020", "J. de Rojas et al., Voltage-driven motion of nitrogen ions: a new paradigm for magneto-ionics, Nat. Commun. 11, 5871 (2020)"},
    {"fassatoui2021", "A. Fassatoui et al., Kinetics of ion migration in the electric field-driven manipulation of magnetic anisotropy, Small 17, 2102427 (2021)"},
    {"mott1948", "N. F. Mott, The theory of the formation of protective oxide films on metals, Trans. Faraday Soc. 43, 429 (1947); N. Cabrera and N. F. Mott, Rep. Prog. Phys. 12, 163 (1949)"},
    {"laborieux2021", "A. Laborieux, M. Ernoult, T. Hirtzlin and D. Querlioz, Synaptic metaplasticity in binarized neural networks, Nat. Commun. 12, 2549 (2021)"},
    {"courbariaux2016", "M. Courbariaux et al., Binarized neural networks, arXiv:1602.02830 (2016)"},
    {"kingma2015", "D. P. Kingma and J. Ba, Adam: a method for stochastic optimization, ICLR (2015)"},
    {"wilson1927", "E. B. Wilson, Probable inference, the law of succession, and statistical inference, J. Am. Stat. Assoc. 22, 209 (1927)"},
    {"koch2004", "R. H. Koch, J. A. Katine and J. Z. Sun, Time-resolved reversal of spin-transfer switching in a nanomagnet, Phys. Rev. Lett. 92, 088302 (2004)"},
    {"callen1966", "H. B. Callen and E. Callen, The present status of the temperature dependence of magnetocrystalline anisotropy, and the l(l+1)/2 power law, J. Phys. Chem. Solids 27, 1271 (1966)"},
    {"maat2005", "S. Maat, J.-U. Thiele and E. E. Fullerton, Temperature and field hysteresis of the antiferromagnetic-to-ferromagnetic phase transition in epitaxial FeRh films, Phys. Rev. B 72, 214432 (2005)"},
    {"annaorazov1996", "M. P. Annaorazov et al., Anomalously high entropy change in FeRh alloy, J. Appl. Phys. 79, 1689 (1996)"},
    {"cooke2012", "D. W. Cooke et al., Thermodynamic measurements of Fe-Rh alloys, Phys. Rev. Lett. 109, 255901 (2012)"},
    {"xiao2019", "H. Xiao, K. Rasul and R. Vollgraf, Fashion-MNIST, arXiv:1708.07747 (2017)"},
};
enum { MS_N_REFERENCES = sizeof ms_references / sizeof ms_references[0] };
_Static_assert(MS_N_REFERENCES <= 64, "the citation set is a 64-bit mask");

void ms_cite(ms_ctx *ctx, const char *key)
{
    for (int i = 0; i < MS_N_REFERENCES; i++) {
        if (strcmp(ms_references[i].key, key) == 0) {
            if (ctx)
                ctx->cited |= 1ull << i;
            return;
        }
    }
    MS_ASSERT(!"citation key missing from the reference table");
}

char *ms_ctx_references(const ms_ctx *ctx)
{
    size_t len = 1;
    for (int i = 0; i < MS_N_REFERENCES; i++)
        if (ctx && (ctx->cited >> i & 1))
            len += strlen(ms_references[i].key) + strlen(ms_references[i].text) + 4;
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (int i = 0; i < MS_N_REFERENCES; i++) {
        if (ctx && (ctx->cited >> i & 1)) {
            strcat(out, "[");
            strcat(out, ms_references[i].key);
            strcat(out, "] ");
            strcat(out, ms_references[i].text);
            strcat(out, "\n");
        }
    }
    return out;
}
