/**
 * From raw results to the results page: {@link dev.wslab.bench.report.RatioTable} divides every JMH
 * result by the baseline measured in the same run, {@link dev.wslab.bench.report.ResultsPage} writes
 * {@code docs/benchmarks/README.md} with each target marked met or missed by the measured factor.
 */
package dev.wslab.bench.report;
