# lm_reference.R: reference values from R's lm / summary.lm for pg_learn's
# linear regression checks (test/reference/check_linreg_r.sh).
#
# Usage:
#   Rscript lm_reference.R DATA.csv TARGET FEATURE1,FEATURE2,... INTERCEPT OUT.csv
#
#   DATA.csv   a CSV file with a header row (read with check.names = FALSE, so
#              the column names are used exactly as written)
#   TARGET     the response column
#   FEATURES   comma-separated predictor columns, in model order
#   INTERCEPT  "true" fits TARGET ~ features, "false" fits TARGET ~ features - 1
#   OUT.csv    where to write the reference values
#
# The output is a long-format CSV with the header "term,statistic,value":
#   - one row per coefficient and statistic, term = "(intercept)" (pg_learn's
#     spelling of R's "(Intercept)") or the feature name, statistic one of
#       estimate   coef(summary(fit))[, "Estimate"]
#       std_error  coef(summary(fit))[, "Std. Error"]
#       t_value    coef(summary(fit))[, "t value"]
#       p_value    coef(summary(fit))[, "Pr(>|t|)"]
#   - one row per fit statistic, term = "(model)", statistic one of
#       r2           summary(fit)$r.squared
#       adj_r2       summary(fit)$adj.r.squared
#       sigma        summary(fit)$sigma
#       f_statistic  summary(fit)$fstatistic["value"]
#       f_df1        summary(fit)$fstatistic["numdf"]
#       f_df2        summary(fit)$fstatistic["dendf"]
#       f_p_value    pf(value, numdf, dendf, lower.tail = FALSE)
#       df_residual  fit$df.residual
# Numbers are written with sprintf("%.17g"), which round-trips every double.
# The statistic names are pg_learn's (learn.coefficients / learn.describe).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 5)
  stop("usage: Rscript lm_reference.R DATA.csv TARGET FEATURES INTERCEPT OUT.csv")
csv <- args[1]
target <- args[2]
features <- strsplit(args[3], ",", fixed = TRUE)[[1]]
intercept <- switch(tolower(args[4]), "true" = TRUE, "false" = FALSE,
                    stop("INTERCEPT must be true or false"))
out <- args[5]

d <- read.csv(csv, check.names = FALSE, stringsAsFactors = FALSE)
missing <- setdiff(c(target, features), names(d))
if (length(missing) > 0)
  stop("columns not in ", csv, ": ", paste(missing, collapse = ", "))

# Rename the columns to x1..xp so that names needing backticks (or clashing
# with formula syntax) cannot change the terms; map them back by position.
df <- data.frame(y = as.numeric(d[[target]]))
for (j in seq_along(features))
  df[[paste0("x", j)]] <- as.numeric(d[[features[j]]])
rhs <- paste(paste0("x", seq_along(features)), collapse = " + ")
fml <- as.formula(paste("y ~", rhs, if (!intercept) "- 1" else ""))
fit <- lm(fml, data = df)
s <- summary(fit)

if (any(is.na(coef(fit))))
  stop("the reference fit is rank-deficient; choose other features")

cf <- coef(s)
terms <- rownames(cf)
terms[terms == "(Intercept)"] <- "(intercept)"
xi <- match(terms, paste0("x", seq_along(features)))
terms[!is.na(xi)] <- features[xi[!is.na(xi)]]

fmt <- function(v) sprintf("%.17g", v)
rows <- data.frame(
  term = rep(terms, times = 4),
  statistic = rep(c("estimate", "std_error", "t_value", "p_value"), each = length(terms)),
  value = fmt(c(cf[, "Estimate"], cf[, "Std. Error"], cf[, "t value"], cf[, "Pr(>|t|)"])),
  stringsAsFactors = FALSE)

fs <- s$fstatistic
model <- c(r2 = s$r.squared,
           adj_r2 = s$adj.r.squared,
           sigma = s$sigma,
           f_statistic = unname(fs["value"]),
           f_df1 = unname(fs["numdf"]),
           f_df2 = unname(fs["dendf"]),
           f_p_value = unname(pf(fs["value"], fs["numdf"], fs["dendf"], lower.tail = FALSE)),
           df_residual = fit$df.residual)
rows <- rbind(rows, data.frame(term = "(model)", statistic = names(model),
                               value = fmt(model), stringsAsFactors = FALSE))

write.csv(rows, out, row.names = FALSE, quote = TRUE)
