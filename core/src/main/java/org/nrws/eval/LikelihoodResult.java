package org.nrws.eval;

/**
 * An importance-sampled log-likelihood evaluation.
 *
 * @param k                K_eval, samples per data point
 * @param mean             mean over data points of log p^(x) = logsumexp_k log w_k - log K
 * @param standardError    standard error of that mean over data points (sample sd / sqrt(n))
 * @param meanEss          mean effective sample size (sum w)^2 / sum w^2
 * @param perPoint         log p^(x) of every data point
 * @param ess              ESS of every data point
 * @param bihmLogPTildeMean mean of log p~*(x) = 2 (logsumexp_k 0.5 log w_k - log K), the BiHM
 *                         unnormalised geometric-mean model
 */
public record LikelihoodResult(int k, double mean, double standardError, double meanEss, double[] perPoint,
                               double[] ess, double bihmLogPTildeMean) {
}
