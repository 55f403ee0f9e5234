package io.rlwb.plugins.distributional;

/**
 * The quantile-regression Huber loss of QR-DQN (Dabney et al. 2018) for N quantile estimates theta_i at the
 * midpoints tau_i = (2i + 1) / 2N: for a target sample y, with u = y - theta_i,
 * {@code rho_i = |tau_i - 1{u < 0}| * L_kappa(u) / kappa}, where L_kappa is the Huber loss
 * ({@code 0.5 u^2} for |u| <= kappa, {@code kappa (|u| - 0.5 kappa)} beyond). The loss is summed over quantiles and
 * averaged over target samples and the batch.
 */
public final class QuantileHuber {
    private QuantileHuber() {}

    /** The quantile midpoints tau_i = (2i + 1) / 2N. */
    public static double[] taus(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = (2 * i + 1) / (2.0 * n);
        return t;
    }

    /**
     * Loss and gradient for a batch of quantile rows {@code theta} ([B * N]) against targets {@code y}
     * ([B * M]: M target samples per row; M = 1 for a scalar return).
     *
     * @param dTheta receives {@code coef * dLoss/dTheta}; may be null
     * @return the loss averaged over the batch
     */
    public static double loss(double[] theta, int n, double[] y, int m, double kappa, double coef, double[] dTheta) {
        int b = theta.length / n;
        double[] tau = taus(n);
        double total = 0;
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < n; i++) {
                double th = theta[r * n + i];
                double g = 0;
                for (int j = 0; j < m; j++) {
                    double u = y[r * m + j] - th;
                    double w = Math.abs(tau[i] - (u < 0 ? 1.0 : 0.0));
                    double au = Math.abs(u);
                    double huber = au <= kappa ? 0.5 * u * u : kappa * (au - 0.5 * kappa);
                    total += w * huber / kappa;
                    double dHuberDu = au <= kappa ? u : kappa * Math.signum(u);
                    g -= w * dHuberDu / kappa; // du/dtheta = -1
                }
                if (dTheta != null) dTheta[r * n + i] = coef * g / (m * (double) b);
            }
        }
        return total / (m * (double) b);
    }
}
