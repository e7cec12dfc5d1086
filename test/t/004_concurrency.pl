# Scoring by model name while the model is retrained and redeployed.
#
# pgbench runs 16 clients for 60 seconds; each transaction scores one row of
# `feats` by the deployed model's name, in the float8[] form and in the row
# form (bound by column name), and logs both predictions with the row id.
# Meanwhile another session, every ~2.5 seconds:
#   - trains a new version of the same model (learn.train deploys it);
#     version v is fitted to y = 1000 v + x1 - 0.5 x2 (plus a little noise),
#     so every version predicts differently;
#   - trains one more version in a transaction that it rolls back (fitted to
#     y = 1000 v + 500 + ...), which no client may ever see;
#   - deploys the previous version again (a rollback deploy), then the new
#     one.
# Then: pgbench reports zero failed transactions; every logged prediction is
# exactly (bit for bit) what some committed version of the model predicts
# for that row, by learn.predict(bytea); the two forms in one statement come
# from the same version; and the clients saw many versions.
use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(time sleep);

my $duration_s = 60;
my $clients = 16;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->append_conf('postgresql.conf', "max_connections = 40\n");
$node->start;

my $db = 'postgres';
$node->safe_psql(
	$db, q{
CREATE EXTENSION pg_learn;
CREATE TABLE src AS
SELECT i AS id, i * 0.37::float8 AS x1, sin(i) AS x2, 0.001 * sin(i * 7.0) AS noise
FROM generate_series(1, 1000) AS i;
CREATE TABLE feats AS SELECT id, x1, x2 FROM src WHERE id <= 100;
ALTER TABLE feats ADD PRIMARY KEY (id);
CREATE TABLE preds (id int, p_array float8, p_row float8);
});

# Train version $v (its intercept is 1000 v + $shift).
sub train_sql
{
	my ($v, $shift) = @_;
	my $c = 1000 * $v + $shift;
	return "SELECT version FROM learn.train('m', 'linear_regression', "
	  . "'SELECT x1, x2, $c + x1 - 0.5 * x2 + noise AS y FROM src', 'y', '{x1,x2}')";
}
is($node->safe_psql($db, train_sql(1, 0)), '1', 'version 1 trained');

my $script = PostgreSQL::Test::Utils::tempdir() . '/score.sql';
open my $fh, '>', $script or die "$script: $!";
print $fh <<'SQL';
\set i random(1, 100)
INSERT INTO preds SELECT id, learn.predict('m', ARRAY[x1, x2]), learn.predict('m', f) FROM feats f WHERE id = :i;
SQL
close $fh;

my ($out, $err) = ('', '');
my @cmd = (
	'pgbench', '-n', '-c', $clients, '-j', 2, '-T', $duration_s, '-f', $script,
	'-h', $node->host, '-p', $node->port, $db);
note "running @cmd";
my $bench = IPC::Run::start(\@cmd, '>', \$out, '2>', \$err);

# Retrain and redeploy until pgbench is done.
my $v = 1;
my $t_end = time() + $duration_s;
my ($trained, $rolled_back, $redeploys) = (0, 0, 0);
while (time() < $t_end - 2)
{
	sleep(1);
	$v++;
	is($node->safe_psql($db, train_sql($v, 0)), $v, "version $v trained and deployed")
	  or last;
	$trained++;
	# a training that is rolled back: never visible
	$node->safe_psql($db, 'BEGIN; ' . train_sql($v + 1, 500) . '; ROLLBACK;');
	$rolled_back++;
	sleep(0.5);
	$node->safe_psql($db, "SELECT learn.deploy('m', $v - 1)");
	sleep(0.5);
	$node->safe_psql($db, "SELECT learn.deploy('m', $v)");
	$redeploys += 2;
}
$bench->finish;
my $status = $? >> 8;
note "pgbench output:\n$out";
note "pgbench stderr:\n$err" if $err ne '';

is($status, 0, 'pgbench exited with status 0');
my ($processed) = $out =~ /number of transactions actually processed: (\d+)/;
my ($failed) = $out =~ /number of failed transactions: (\d+)/;
my ($tps) = $out =~ /tps = ([0-9.]+)/;
ok(defined $processed && $processed > 0, 'pgbench processed transactions');
is($failed, '0', 'zero failed transactions');
unlike($err, qr/ERROR|aborted/, 'no client error or abort');
diag sprintf(
	'pgbench: %d clients, %d s, %s transactions, %s failed, tps %s; %d versions trained, %d trainings rolled back, %d deploys',
	$clients, $duration_s, $processed // '?', $failed // '?', $tps // '?', $trained, $rolled_back, $redeploys);

is($node->safe_psql($db, 'SELECT count(*) FROM preds'),
	$processed, 'one logged prediction per transaction');

# Every distinct (row, prediction) pair must be exactly what a committed
# version predicts for that row.
my $check = $node->safe_psql(
	$db, q{
WITH seen AS (SELECT DISTINCT p.id, p.p_array, p.p_row FROM preds p),
matched AS (
  SELECT s.*, (SELECT min(m.version) FROM learn.models m, feats f
               WHERE m.name = 'm' AND f.id = s.id
                 AND learn.predict(m.model, ARRAY[f.x1, f.x2]) = s.p_array) AS version
  FROM seen s)
SELECT count(*) FILTER (WHERE version IS NULL) || '|'
    || count(*) FILTER (WHERE p_array IS DISTINCT FROM p_row) || '|'
    || count(DISTINCT version) || '|'
    || (SELECT count(*) FROM learn.models WHERE name = 'm')
FROM matched});
my ($unmatched, $forms_differ, $versions_seen, $versions) = split /\|/, $check;
is($unmatched, '0', 'every prediction equals a committed version\'s prediction');
is($forms_differ, '0', 'array and row forms in one statement agree');
is($versions, $trained + 1, 'only the committed versions are stored');
ok($versions_seen >= 5, "clients saw $versions_seen of $versions versions");
diag "clients saw $versions_seen of the $versions versions; " . ($unmatched + 0) . ' predictions not from a committed version';
is( $node->safe_psql(
		$db,
		q{SELECT count(*) FROM preds WHERE abs((p_array - (SELECT x1 FROM feats f WHERE f.id = preds.id)) / 1000.0
                                  - round((p_array - (SELECT x1 FROM feats f WHERE f.id = preds.id)) / 1000.0)) > 0.25}),
	'0',
	'no prediction from a rolled-back training (intercept 1000 v + 500)');
is( $node->safe_psql(
		$db,
		q{SELECT version FROM learn.deployments WHERE name = 'm' ORDER BY id DESC LIMIT 1}),
	$v, 'the last deployment is the last version');

$node->stop;
unlike(slurp_file($node->logfile), qr/terminated by signal|TRAP:|PANIC/,
	'no crash in the server log');
done_testing();
