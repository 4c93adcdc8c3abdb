# Reference values for src/stats/survival.ts from R's survival package, written as JSON to
# test/fixtures/survival-reference.json (test/survival.test.ts reads it; R is not needed to test).
#
#   Rscript scripts/survival-reference.R > test/fixtures/survival-reference.json
#
# For each sample: the Kaplan–Meier rows with events (survfit's defaults: Greenwood, conf.type =
# "log", 95%), the median and its interval as quantile(fit, 0.5) and as print(fit) compute them,
# and the restricted mean and its standard error at each tau as print(fit, rmean = tau) reports.
# A value R gives as NA is written null; an infinite one as the string "Inf".
library(survival)

samples <- list(
  list(
    name = "ties and censoring",
    time = c(1, 2, 2, 2.5, 3, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 10, 11, 12, 13, 14, 15, 15, 16, 20),
    event = c(1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0),
    tau = c(12, 7, 30, 0.5)
  ),
  list(
    name = "median not reached",
    time = c(1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 12, 14, 14, 14, 14),
    event = c(1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
    tau = c(14, 10)
  ),
  list(
    name = "exactly one half over an interval",
    time = c(1, 2, 3, 4, 5, 6, 8, 9, 12, 12),
    event = c(1, 1, 1, 1, 1, 0, 1, 1, 0, 0),
    tau = c(12, 9)
  ),
  list(
    name = "exactly one half on the last level",
    time = c(1, 2, 3, 4),
    event = c(1, 1, 0, 0),
    tau = c(4)
  ),
  list(
    name = "the last runs at risk all decide at once",
    time = c(3, 5, 5, 5),
    event = c(0, 1, 1, 1),
    tau = c(6)
  ),
  list(
    name = "no censoring",
    time = c(0, 2, 3, 3, 7, 11),
    event = c(1, 1, 1, 1, 1, 1),
    tau = c(5, 20)
  )
)

num <- function(x) {
  sapply(x, function(v) {
    if (is.na(v)) "null" else if (is.infinite(v)) '"Inf"' else sprintf("%.17g", v)
  })
}
arr <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
obj <- function(...) {
  fields <- list(...)
  paste0("{", paste0('"', names(fields), '": ', unlist(fields), collapse = ", "), "}")
}

out <- sapply(samples, function(s) {
  fit <- survfit(Surv(s$time, s$event) ~ 1)
  rows <- fit$n.event > 0
  q <- quantile(fit, 0.5)
  p <- survival:::survmean(fit, rmean = "none")$matrix
  rmeans <- sapply(s$tau, function(tau) {
    m <- survival:::survmean(fit, rmean = tau)$matrix
    obj(tau = num(tau), estimate = num(m[["rmean"]]), standardError = num(m[["se(rmean)"]]))
  })
  obj(
    name = paste0('"', s$name, '"'),
    time = arr(s$time),
    event = paste0("[", paste(ifelse(s$event == 1, "true", "false"), collapse = ", "), "]"),
    km = obj(
      time = arr(fit$time[rows]),
      atRisk = arr(fit$n.risk[rows]),
      events = arr(fit$n.event[rows]),
      survival = arr(fit$surv[rows]),
      stdErr = arr(fit$std.err[rows]),
      lower = arr(fit$lower[rows]),
      upper = arr(fit$upper[rows])
    ),
    quantile = obj(estimate = num(q$quantile), lower = num(q$lower), upper = num(q$upper)),
    print = obj(
      estimate = num(p[["median"]]),
      lower = num(p[["0.95LCL"]]),
      upper = num(p[["0.95UCL"]])
    ),
    restrictedMean = paste0("[", paste(rmeans, collapse = ", "), "]")
  )
})

cat(paste0(
  '{\n  "generator": "scripts/survival-reference.R",\n',
  '  "R": "', R.version.string, '",\n',
  '  "survival": "', as.character(packageVersion("survival")), '",\n',
  '  "samples": [\n    ', paste(out, collapse = ",\n    "), "\n  ]\n}\n"
))
