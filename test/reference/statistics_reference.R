# statistics_reference.R: R 4.2's reference results for check_statistics.sh.
# Usage: Rscript statistics_reference.R <dir>
# Writes R's data sets as CSV files into <dir> (for loading into PostgreSQL,
# so both sides see the same numbers) and the tests' results into
# <dir>/reference.csv (name, method, statistic, df, df2, p_value), and the
# correlation / covariance matrices into <dir>/matrices.csv.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
sets <- list(sleep = sleep, ToothGrowth = ToothGrowth, mtcars = cbind(model = rownames(mtcars), mtcars),
             iris = iris, airquality = airquality, warpbreaks = warpbreaks,
             InsectSprays = InsectSprays, PlantGrowth = PlantGrowth, faithful = faithful,
             quakes = quakes)
for (n in names(sets))
    write.csv(sets[[n]], file.path(dir, paste0(tolower(n), ".csv")), row.names = FALSE, na = "")

rows <- list()
add <- function(name, h) {
    p <- h$parameter
    rows[[length(rows) + 1]] <<- data.frame(name = name, method = trimws(h$method),
        statistic = unname(h$statistic),
        df = if (is.null(p)) NA else unname(p[1]),
        df2 = if (length(p) > 1) unname(p[2]) else NA,
        p_value = h$p.value)
}
s1 <- sleep$extra[sleep$group == 1]; s2 <- sleep$extra[sleep$group == 2]
add("t_one_sleep", t.test(sleep$extra))
add("t_one_mtcars_mu20_greater", t.test(mtcars$mpg, mu = 20, alternative = "greater"))
add("t_one_airquality_na_less", t.test(airquality$Ozone, mu = 40, alternative = "less"))
add("t_paired_sleep", t.test(s1, s2, paired = TRUE))
add("t_paired_sleep_mu_less", t.test(s1, s2, paired = TRUE, mu = -1, alternative = "less"))
add("t_welch_toothgrowth", t.test(len ~ supp, data = ToothGrowth))
add("t_student_toothgrowth", t.test(len ~ supp, data = ToothGrowth, var.equal = TRUE))
add("t_welch_mtcars_am_greater", t.test(mpg ~ am, data = mtcars, alternative = "greater"))
add("t_student_toothgrowth_mu_less", t.test(len ~ supp, data = ToothGrowth, var.equal = TRUE, mu = 5, alternative = "less"))
add("t_welch_sleep_mu", t.test(extra ~ group, data = sleep, mu = -1))
aov_h <- function(formula, data) {
    s <- summary(aov(formula, data = data))[[1]]
    list(method = "One-way analysis of variance", statistic = s[1, "F value"],
         parameter = c(s[1, "Df"], s[2, "Df"]), p.value = s[1, "Pr(>F)"])
}
add("anova_iris", aov_h(Sepal.Length ~ Species, iris))
add("anova_toothgrowth_dose", aov_h(len ~ factor(dose), ToothGrowth))
add("anova_insectsprays", aov_h(count ~ spray, InsectSprays))
add("anova_plantgrowth", aov_h(weight ~ group, PlantGrowth))
add("anova_airquality_na", aov_h(Ozone ~ factor(Month), airquality))
add("chisq_mtcars_cyl_gear", suppressWarnings(chisq.test(table(mtcars$cyl, mtcars$gear))))
add("chisq_warpbreaks_wool_tension", chisq.test(table(warpbreaks$wool, warpbreaks$tension)))
add("chisq_mtcars_am_vs_yates", chisq.test(table(mtcars$am, mtcars$vs)))
add("chisq_mtcars_am_vs_nocorrect", chisq.test(table(mtcars$am, mtcars$vs), correct = FALSE))
add("gof_mtcars_gear_p", chisq.test(table(mtcars$gear), p = c(0.5, 0.3, 0.2)))
add("gof_insectsprays_uniform", chisq.test(tapply(InsectSprays$count, InsectSprays$spray, sum)))
ks2 <- function(x, y, ...) suppressWarnings(ks.test(x, y, ...))
add("ks_toothgrowth_ties_exact", ks2(ToothGrowth$len[ToothGrowth$supp == "OJ"], ToothGrowth$len[ToothGrowth$supp == "VC"]))
add("ks_sleep", ks2(s1, s2))
add("ks_iris_width", ks2(iris$Sepal.Width[iris$Species == "setosa"], iris$Sepal.Width[iris$Species != "setosa"]))
add("ks_plantgrowth_noties", ks2(PlantGrowth$weight[PlantGrowth$group == "ctrl"], PlantGrowth$weight[PlantGrowth$group == "trt2"]))
add("ks_faithful_asymptotic", ks2(faithful$eruptions[faithful$waiting > 70], faithful$eruptions[faithful$waiting <= 70]))
add("ks_quakes_asymptotic", ks2(quakes$mag[quakes$depth > 300], quakes$mag[quakes$depth <= 300]))
add("ks_toothgrowth_greater", ks2(ToothGrowth$len[ToothGrowth$supp == "OJ"], ToothGrowth$len[ToothGrowth$supp == "VC"], alternative = "greater"))
add("ks_toothgrowth_less", ks2(ToothGrowth$len[ToothGrowth$supp == "OJ"], ToothGrowth$len[ToothGrowth$supp == "VC"], alternative = "less"))
add("ks_plantgrowth_less_noties", ks2(PlantGrowth$weight[PlantGrowth$group == "ctrl"], PlantGrowth$weight[PlantGrowth$group == "trt2"], alternative = "less"))
add("ks_quakes_greater_asymptotic", ks2(quakes$mag[quakes$depth > 300], quakes$mag[quakes$depth <= 300], alternative = "greater"))
add("ks_faithful_less_asymptotic", ks2(faithful$waiting[faithful$eruptions > 3], faithful$waiting[faithful$eruptions <= 3], alternative = "less"))
wt <- function(...) suppressWarnings(wilcox.test(...))
add("mw_toothgrowth_ties", wt(len ~ supp, data = ToothGrowth))
add("mw_sleep_ties", wt(extra ~ group, data = sleep))
add("mw_plantgrowth_exact", wt(weight ~ group, data = droplevels(subset(PlantGrowth, group != "trt1"))))
add("mw_plantgrowth_exact_less", wt(weight ~ group, data = droplevels(subset(PlantGrowth, group != "trt1")), alternative = "less"))
add("mw_toothgrowth_greater_nocorrect", wt(len ~ supp, data = ToothGrowth, alternative = "greater", correct = FALSE))
add("mw_faithful_large", wt(eruptions ~ I(waiting > 70), data = faithful))
write.csv(do.call(rbind, rows), file.path(dir, "reference.csv"), row.names = FALSE, na = "")

m <- list()
addm <- function(name, a) {
    for (i in seq_len(nrow(a))) for (j in seq_len(ncol(a)))
        m[[length(m) + 1]] <<- data.frame(name = name, i = i, j = j, value = a[i, j])
}
cols <- c("mpg", "disp", "hp", "drat", "wt", "qsec")
addm("cor_mtcars", cor(mtcars[, cols]))
addm("cov_mtcars", cov(mtcars[, cols]))
addm("cor_iris", cor(iris[, 1:4]))
addm("cov_iris", cov(iris[, 1:4]))
aq <- na.omit(airquality[, 1:4])
addm("cor_airquality_complete", cor(aq))
addm("cov_airquality_complete", cov(aq))
addm("cor_quakes", cor(quakes[, 1:5]))
write.csv(do.call(rbind, m), file.path(dir, "matrices.csv"), row.names = FALSE)

# learn.summary: count, NA count, distinct, mean, sd, quartiles (type 7) of numeric columns
s <- list()
for (set in c("iris", "airquality", "mtcars")) {
    d <- get(set)
    for (col in names(d)) {
        x <- d[[col]]
        if (!is.numeric(x)) next
        v <- x[!is.na(x)]
        q <- quantile(v, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
        s[[length(s) + 1]] <- data.frame(set = set, column = tolower(gsub(".", "_", col, fixed = TRUE)),
            count = length(v), nulls = sum(is.na(x)), distinct = length(unique(v)), mean = mean(v), sd = sd(v),
            min = min(v), q1 = q[1], median = q[2], q3 = q[3], max = max(v))
    }
}
write.csv(do.call(rbind, s), file.path(dir, "summary.csv"), row.names = FALSE)
