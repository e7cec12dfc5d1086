# pg_learn: PGXS build.  The version lives in pg_learn.control only.
EXTENSION = pg_learn
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = pg_learn
OBJS = \
	src/core/bytes.o \
	src/core/checksum.o \
	src/core/comoments.o \
	src/core/distributions.o \
	src/core/stattests.o \
	src/core/linalg.o \
	src/core/model.o \
	src/core/options.o \
	src/core/parallel.o \
	src/core/subsample.o \
	src/core/pipeline.o \
	src/core/state.o \
	src/core/metrics.o \
	src/algorithms/registry.o \
	src/algorithms/linreg.o \
	src/algorithms/logreg.o \
	src/algorithms/kmeans.o \
	src/api/kmeans_step.o \
	src/algorithms/linear_svm.o \
	src/api/svm_step.o \
	src/algorithms/naive_bayes.o \
	src/algorithms/pca.o \
	src/algorithms/preprocess.o \
	src/api/options.o \
	src/api/prepare.o \
	src/api/aggregate.o \
	src/api/model_sql.o \
	src/api/predict.o \
	src/api/support.o \
	src/api/report.o \
	src/api/catalog.o \
	src/api/train.o \
	src/api/logreg_step.o \
	src/api/step_common.o \
	src/api/rewrite.o \
	src/api/metrics.o \
	src/api/evaluate.o \
	src/api/distributions_sql.o \
	src/api/stattests_sql.o \
	src/api/correlation_sql.o \
	src/api/summary.o \
	src/api/selection.o \
	src/core/sample.o \
	src/api/sample.o \
	src/api/pg_learn.o

DATA = $(EXTENSION)--$(EXTVERSION).sql $(wildcard $(EXTENSION)--*--*.sql)
SQL_PIECES = $(sort $(wildcard src/sql/*.sql))

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS = $(patsubst sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --load-extension=$(EXTENSION)

# server headers as system headers, so -Wextra judges only our code
PG_CPPFLAGS = -I$(srcdir)/src -isystem $(shell $(PG_CONFIG) --includedir-server) -DPG_LEARN_VERSION=\"$(EXTVERSION)\"
SHLIB_LINK = -llapacke -llapack -lblas -lm -lpthread

EXTRA_CLEAN = results regression.diffs regression.out tmp_check

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# CI adds -Werror through this variable; the shipped build never does.
override CFLAGS += $(LEARN_CFLAGS)

# The per-row accumulation kernels vectorise at -O3 (no fast-math: results are
# bit-for-bit those of -O2 up to the order of independent element updates).
src/algorithms/linreg.o src/core/checksum.o src/core/comoments.o: override CFLAGS += -O3
src/algorithms/kmeans.o src/algorithms/logreg.o src/algorithms/linear_svm.o: override CFLAGS += -O3
# k-means's bounded passes compute the same distances as plain Lloyd's, bit for
# bit: no fused multiply-add contraction on targets that have it.
src/algorithms/kmeans.o: override CFLAGS += -ffp-contract=off
# the per-row feature moments (a division per value) of the step aggregates and
# of LearnColumnMoments vectorise too
src/api/step_common.o src/core/linalg.o: override CFLAGS += -O3

# Rebuild objects when a header they include changes.
# (in CFLAGS, which only the gcc compile of the .o uses, not the JIT .bc one)
override CFLAGS += -MMD -MP
-include $(OBJS:.o=.d)
EXTRA_CLEAN += $(OBJS:.o=.d)

# The install script is generated from src/sql/ (see src/sql/README.md).
all: $(EXTENSION)--$(EXTVERSION).sql
$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PIECES) $(EXTENSION).control
	{ echo '-- pg_learn $(EXTVERSION): install script (generated from src/sql/ by make; do not edit)'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION pg_learn" to load this file. \quit'; \
	  for f in $(SQL_PIECES); do echo; echo "-- from $$f"; cat $$f; done; } > $@
