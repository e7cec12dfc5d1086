# A backend killed with SIGKILL in the middle of learn.train leaves nothing
# behind: after crash recovery no row of the interrupted model exists (neither
# in learn.models nor in learn.deployments), models trained earlier are intact
# and score bit-identically, and the name can be trained again as version 1.
#
# Three crashes:
#   1. during the fit of a long training (30 million rows);
#   2. while learn.train waits, with its learn.models row already inserted
#      but not committed (another session holds a lock on learn.deployments);
#   3. during a streamed logistic regression (rows over learn.memory_limit:
#      one aggregate pass per iteration, each through SPI).
use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
# The framework turns restart_after_crash off; we want the postmaster to
# reinitialize after the backend dies, as a production server would.
$node->append_conf('postgresql.conf', "restart_after_crash = on\n");
$node->start;

my $db = 'postgres';
$node->safe_psql($db, 'CREATE EXTENSION pg_learn');

# Small deterministic data and a model with two versions, trained before
# the crashes.
$node->safe_psql(
	$db, q{
CREATE TABLE points AS
SELECT i AS id,
       i * 0.01::float8 AS x1,
       sin(i) AS x2,
       ((i * 37) % 101)::float8 AS x3,
       3.0 + 2.0 * (i * 0.01::float8) - 1.5 * sin(i) + 0.1 * ((i * 37) % 101) + 0.5 * cos(i * 7) AS y
FROM generate_series(1, 1000) AS i;
SELECT learn.train('small', 'linear_regression', 'points', 'y', '{x1,x2}');
SELECT learn.train('small', 'linear_regression', 'points', 'y', '{x1,x2,x3}');
SELECT learn.train('small_cls', 'logistic_regression',
                   'SELECT x1, x2, (x3 > 50)::int AS label FROM points', 'label', '{x1,x2}');
});

my $state_sql = q{
SET extra_float_digits = 3;
SELECT name, version, algorithm, md5(model), owner, created_at, metrics, rows_used, data_fingerprint
FROM learn.models ORDER BY name, version;
SELECT name, version, deployed_at FROM learn.deployments ORDER BY id;
SELECT * FROM learn.registry ORDER BY name, version;
SELECT p.id,
       encode(float8send(learn.predict(learn.model('small', 1), ARRAY[x1, x2])), 'hex'),
       encode(float8send(learn.predict(learn.model('small', 2), ARRAY[x1, x2, x3])), 'hex'),
       encode(float8send(learn.predict('small', ARRAY[x1, x2, x3])), 'hex'),
       learn.predict_label('small_cls', p),
       (SELECT string_agg(encode(float8send(v), 'hex'), ',')
        FROM unnest(learn.predict_proba('small_cls', ARRAY[x1, x2])) AS v)
FROM points p ORDER BY p.id;
};
my $before = $node->safe_psql($db, $state_sql);
like($before, qr/^small\|1\|linear_regression\|.*\nsmall\|2\|linear_regression\|/s,
	'small model trained');

# A large table: 3 million rows, generate_series based.  Unlogged: it is
# only needed until the first crash, and recovery empties it.
$node->safe_psql(
	$db, q{
CREATE UNLOGGED TABLE big AS
SELECT g AS id,
       (g % 1000) * 0.01::float8 AS x1,
       ((g::int8 * 7919) % 10007) * 0.001::float8 AS x2,
       1.0::float8 + 2.0 * ((g % 1000) * 0.01::float8)
           - 0.5 * (((g::int8 * 7919) % 10007) * 0.001::float8) + (g % 13) * 0.01 AS y
FROM generate_series(1, 3000000) AS g;
CHECKPOINT;
});

# Kill the backend running learn.train($name) with SIGKILL, wait for the
# server to come back, and check the interrupted model left nothing behind.
sub crash_and_check
{
	my ($name, $session, @others) = @_;

	my ($pid, $activity) = split /\|/, $node->safe_psql(
		$db, qq{
SELECT pid, replace(query, E'\\n', ' ') FROM pg_stat_activity
WHERE query LIKE '%learn.train(''$name''%' AND pid <> pg_backend_pid()});
	ok($pid, "found the backend training \"$name\"");
	note "killing backend $pid: $activity";

	my $log_offset = -s $node->logfile;
	kill 'KILL', $pid or die "kill $pid: $!";

	# The training session loses its connection.
	pump_until(
		$session->{run}, $session->{timeout}, \$session->{stderr},
		qr/server closed the connection unexpectedly|connection to server was lost|could not send data to server/m
	);
	$session->{run}->finish;
	for my $other (@others)
	{
		eval { $other->quit; };
	}

	$node->wait_for_log(qr/database system is ready to accept connections/,
		$log_offset);
	my $log = slurp_file($node->logfile, $log_offset);
	like(
		$log,
		qr/server process \(PID $pid\) was terminated by signal 9/,
		'backend was killed by signal 9');
	like(
		$log,
		qr/all server processes terminated; reinitializing/,
		'server reinitialized after the crash');
	$node->poll_query_until($db, 'SELECT true')
	  or die 'server did not come back';

	is( $node->safe_psql(
			$db, qq{
SELECT (SELECT count(*) FROM learn.models WHERE name = '$name')
     + (SELECT count(*) FROM learn.deployments WHERE name = '$name')}),
		'0',
		"no trace of the interrupted model \"$name\"");
	is($node->safe_psql($db, $state_sql),
		$before, 'earlier models intact and scoring identically');
	is( $node->safe_psql(
			$db, qq{
SELECT version FROM learn.train('$name', 'linear_regression', 'points', 'y', '{x1,x2}');
SELECT name, version, deployed FROM learn.registry WHERE name = '$name';
}),
		"1\n$name|1|t",
		"\"$name\" can be trained again, as version 1");
	$node->safe_psql($db, "DELETE FROM learn.models WHERE name = '$name'");
}

# --- 1. SIGKILL during the fit ---------------------------------------------
# Each of the 3 million rows ten times: the fit takes seconds.
my $train = $node->background_psql($db, on_error_stop => 0);
$train->query_until(
	qr/starting/, q{
\echo starting
SELECT * FROM learn.train('big', 'linear_regression',
    'SELECT b.x1, b.x2, b.y FROM big AS b CROSS JOIN generate_series(1, 10) AS r', 'y', '{x1,x2}');
});
# Active, and inside learn.train (which reports its phase in the query text).
$node->poll_query_until(
	$db, q{
SELECT count(*) > 0 FROM pg_stat_activity
WHERE state = 'active' AND query LIKE '%learn.train(''big''%'
  AND query LIKE '%pg_learn: training%'})
  or die 'learn.train(big) did not show up in pg_stat_activity';
crash_and_check('big', $train);

# --- 2. SIGKILL with the model row inserted but not committed ----------------
my $locker = $node->background_psql($db);
$locker->query_safe('BEGIN; LOCK TABLE learn.deployments IN SHARE MODE;');
$train = $node->background_psql($db, on_error_stop => 0);
$train->query_until(
	qr/starting/, q{
\echo starting
SELECT * FROM learn.train('pending', 'linear_regression', 'points', 'y', '{x1,x2}');
});
$node->poll_query_until(
	$db, q{
SELECT count(*) > 0 FROM pg_stat_activity
WHERE wait_event_type = 'Lock' AND query LIKE '%learn.train(''pending''%'})
  or die 'learn.train(pending) did not wait for the lock';
is( $node->safe_psql(
		$db, q{
SELECT backend_xid IS NOT NULL FROM pg_stat_activity
WHERE query LIKE '%learn.train(''pending''%' AND pid <> pg_backend_pid()}),
	't',
	'learn.train(pending) has written (its transaction has an xid)');
crash_and_check('pending', $train, $locker);

# --- 3. SIGKILL during a streamed training ---------------------------------
# 3,000,000 rows (the logged table points, 3,000 times) over a 64 kB
# learn.memory_limit: one learn.logreg_step pass per iteration, each of them
# about a second.  Killed as soon as the passes have begun (Newton's method
# may converge within a few passes).
$train = $node->background_psql($db, on_error_stop => 0);
$train->query_until(
	qr/starting/, q{
\echo starting
SET learn.memory_limit = '64kB';
SELECT * FROM learn.train('streamed', 'logistic_regression',
    'SELECT p.x1, p.x2, (p.x3 > 50)::int AS label FROM points AS p CROSS JOIN generate_series(1, 3000) AS r',
    'label', '{x1,x2}', '{"max_iter": 100000, "tol": 1e-300}');
});
$node->poll_query_until(
	$db, q{
SELECT count(*) > 0 FROM pg_stat_activity
WHERE state = 'active' AND query LIKE '%learn.train(''streamed''%'
  AND query LIKE '%pg_learn: training%one pass per iteration'})
  or die 'learn.train(streamed) did not reach its passes';
crash_and_check('streamed', $train);

$node->stop;
done_testing();
