# Scoring many rows leaves the backend's memory flat, and training is bounded
# by learn.memory_limit.
#
# Each scoring query below runs over LEARN_MEMORY_ROWS rows (default
# 3,000,000 in CI; the figures in docs/reliability.md are for 10,000,000)
# of generate_series, in one backend.  While it runs, another session
# samples that backend every 0.1 s (from 0.25 s on): its private resident memory (RssAnon in
# /proc/<pid>/status, which leaves out shared buffers) and, every quarter second,
# the grand total of its memory contexts (pg_log_backend_memory_contexts,
# read back from the server log).  Flat means the growth from the first
# sample (after warm-up) to the largest one stays under a few MB, whatever
# the row count; a leak of even 16 bytes per row would add 16 MB per million
# rows.
#
# Training: learn.train over learn.memory_limit takes the streamed path, and
# the backend's private memory stays far below what the rows would take in
# memory; the aggregate itself refuses with 54000 program_limit_exceeded.
use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time sleep);

my $rows = $ENV{LEARN_MEMORY_ROWS} // 3000000;
my $flat_kb = 4096;    # allowed growth, kB

if (!-r "/proc/self/status")
{
	plan skip_all => 'needs /proc/<pid>/status';
}

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->append_conf('postgresql.conf', "log_min_messages = log\n");
$node->start;

my $db = 'postgres';
$node->safe_psql(
	$db, q{
CREATE EXTENSION pg_learn;
CREATE TABLE pts AS
SELECT i, i * 0.01 AS x1, sin(i) AS x2, (i % 3 = 0)::int AS y,
       i * 0.01 + 2 * sin(i) + 0.1 * cos(i * 7) AS t
FROM generate_series(1, 2000) AS i;
SELECT learn.train('reg', 'linear_regression', 'pts', 't', '{x1,x2}');
SELECT learn.train('cls', 'logistic_regression', 'pts', 'y', '{x1,x2}');
});

my $s = $node->background_psql($db, on_error_stop => 1);
my $pid = $s->query_safe('SELECT pg_backend_pid()');

# RssAnon of the backend in kB, or undef once it is gone.
sub rss_anon
{
	open my $fh, '<', "/proc/$pid/status" or return undef;
	while (<$fh>)
	{
		return $1 if /^RssAnon:\s+(\d+)\s+kB/;
	}
	return undef;
}

# Run $sql in the sampled backend; returns ([rss samples kB], [context
# totals bytes], seconds, query output).
sub sample_query
{
	my ($sql) = @_;
	my $log_offset = -s $node->logfile;
	my (@rss, $last_log);
	my $t0 = time();
	$s->query_until(qr/started\n/, "\\echo started\n$sql;\n\\echo done\n");
	$last_log = $t0;
	while (1)
	{
		$s->{run}->pump_nb;
		last if $s->{stdout} =~ /done\n/;
		my $now = time();
		if ($now - $t0 >= 0.25)
		{
			my $kb = rss_anon();
			push @rss, $kb if defined $kb;
			if ($now - $last_log >= 0.25)
			{
				$node->safe_psql($db, "SELECT pg_log_backend_memory_contexts($pid)");
				$last_log = $now;
			}
		}
		sleep(0.1);
	}
	my $seconds = time() - $t0;
	my $out = $s->{stdout};
	$out =~ s/done\n//;
	$s->{stdout} = '';
	my $log = slurp_file($node->logfile, $log_offset);
	my @ctx = $log =~ /\[$pid\].*Grand total: (\d+) bytes/g;
	return (\@rss, \@ctx, $seconds, $out);
}

my @figures;
sub check_flat
{
	my ($name, $sql) = @_;
	my ($rss, $ctx, $seconds, $out) = sample_query($sql);
	ok($out =~ /\S/, "$name: ran ($out)") or return;
	ok(@$rss >= 2, "$name: sampled the backend " . scalar(@$rss) . ' times')
	  or return;
	my ($first, $max) = ($rss->[0], 0);
	$max = $_ > $max ? $_ : $max for @$rss;
	my $growth = $max - $first;
	my ($cfirst, $cmax) = ($ctx->[0] // 0, 0);
	$cmax = $_ > $cmax ? $_ : $cmax for @$ctx;
	my $line = sprintf(
		'%-44s %8d rows %6.1f s  RssAnon first %6d kB max %6d kB growth %5d kB | contexts first %6d kB max %6d kB (%d samples)',
		$name, $rows, $seconds, $first, $max, $growth, $cfirst / 1024, $cmax / 1024,
		scalar(@$ctx));
	diag $line;
	push @figures, $line;
	ok($growth < $flat_kb, "$name: RssAnon grew $growth kB (< $flat_kb kB)");
	ok(@$ctx >= 1 && $cmax - $cfirst < $flat_kb * 1024,
		"$name: memory contexts grew " . ($cmax - $cfirst) . ' bytes');
}

my $series = "generate_series(1, $rows) AS g";
my $cols = "(SELECT g * 0.001 AS x1, sin(g) AS x2 FROM $series) AS r";
check_flat('predict(bytea, float8[])',
	"SELECT sum(learn.predict((SELECT learn.model('reg')), ARRAY[g * 0.001, sin(g)])) FROM $series");
check_flat('predict(name, float8[])',
	"SELECT sum(learn.predict('reg', ARRAY[g * 0.001, sin(g)])) FROM $series");
check_flat('predict(name, row)', "SELECT sum(learn.predict('reg', r)) FROM $cols");
check_flat('predict(bytea, row)',
	"SELECT sum(learn.predict((SELECT learn.model('reg')), r)) FROM $cols");
check_flat('predict_proba(name, float8[])',
	"SELECT sum((learn.predict_proba('cls', ARRAY[g * 0.001, sin(g)]))[2]) FROM $series");
check_flat('predict_label(name, row)',
	"SELECT count(*) FILTER (WHERE learn.predict_label('cls', r) = '1') FROM $cols");

# --- training bounded by learn.memory_limit ---------------------------------
# 1,000,000 rows x 2 features: 24 MB in memory.  With a 1 MB limit
# learn.train streams (one aggregate pass per iteration) and the backend's
# private memory stays far below the 24 MB.
$node->safe_psql(
	$db, q{
CREATE TABLE big AS
SELECT (g % 3 = 0)::int AS y, (g % 1000) * 0.001 AS x1, sin(g) AS x2
FROM generate_series(1, 1000000) AS g;
VACUUM ANALYZE big;
});
my $before = rss_anon();
$s->query_safe("SET learn.memory_limit = '1MB'");
my ($rss, undef, $seconds, $out) = sample_query(
	"SELECT metrics->>'training_path' FROM learn.train('big', 'logistic_regression', 'big', 'y', '{x1,x2}')"
);
like($out, qr/^streaming$/m, 'learn.train over learn.memory_limit streams');
my $max = 0;
$max = $_ > $max ? $_ : $max for ($before, @$rss);
my $line = sprintf(
	'%-44s %8d rows %6.1f s  RssAnon before %6d kB max %6d kB growth %5d kB (rows in memory: 24000 kB)',
	'learn.train logistic, memory_limit 1MB', 1000000, $seconds, $before, $max, $max - $before);
diag $line;
push @figures, $line;
ok($max - $before < 12000, 'streamed training stays well below the in-memory size of its rows');
# The same training with the rows in memory: the measure sees them.
$s->query_safe('RESET learn.memory_limit');
$before = rss_anon();
($rss, undef, $seconds, $out) = sample_query(
	"SELECT metrics->>'training_path' FROM learn.train('big', 'logistic_regression', 'big', 'y', '{x1,x2}')"
);
like($out, qr/^memory$/m, 'under learn.memory_limit learn.train keeps the rows in memory');
$max = 0;
$max = $_ > $max ? $_ : $max for ($before, @$rss);
$line = sprintf(
	'%-44s %8d rows %6.1f s  RssAnon before %6d kB max %6d kB growth %5d kB (%.1f x the rows\' 24000 kB)',
	'learn.train logistic, rows in memory', 1000000, $seconds, $before, $max, $max - $before,
	($max - $before) / 24000);
diag $line;
push @figures, $line;
ok($max - $before > 16000, 'with the rows in memory, the measure sees them (control)');
$s->quit;

# the aggregate keeps its rows: over the limit it refuses, with 54000
$node->psql(
	$db,
	"SET learn.memory_limit = '1MB'; SELECT length(learn.logreg_fit(y, ARRAY[x1, x2])) FROM big",
	stderr => \my $stderr,
	extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($stderr, qr/54000: logistic_regression keeps its training rows in memory, and they exceed learn.memory_limit \(1024 kB\)/,
	'the aggregate over learn.memory_limit fails with 54000');

$node->stop;
unlike(slurp_file($node->logfile), qr/terminated by signal|TRAP:|PANIC/,
	'no crash in the server log');
done_testing();
