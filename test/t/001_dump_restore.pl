# pg_learn's registry survives pg_dump -Fc / pg_restore into a fresh database:
# learn.models and learn.deployments are extension configuration tables
# (pg_extension_config_dump), so their rows and the deployments id sequence
# must come back exactly, models must score bit-identically, and training
# must carry on with the next version and deployment id.
use strict;
use warnings;

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('main');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', 'CREATE EXTENSION pg_learn');

# A few hundred rows of deterministic data (no random()).
$node->safe_psql(
	'src', q{
CREATE TABLE points (id int PRIMARY KEY, x1 float8, x2 float8, x3 float8, y float8);
INSERT INTO points
SELECT i,
       i / 10.0,
       sin(i),
       ((i * 37) % 101)::float8,
       3.0 + 2.0 * (i / 10.0) - 1.5 * sin(i) + 0.1 * ((i * 37) % 101) + 0.5 * cos(i * 7)
FROM generate_series(1, 400) AS i;
});

# house: version 1 (x1, x2), version 2 (x1, x2, x3; from a query), then
# version 1 is deployed again: three deployment rows for house.
# origin: no intercept.
my $trained = $node->safe_psql(
	'src', q{
SELECT name, version, algorithm, rows_used FROM learn.train('house', 'linear_regression', 'points', 'y', '{x1,x2}');
SELECT name, version, algorithm, rows_used FROM learn.train('house', 'linear_regression',
    'SELECT x1, x2, x3, y FROM points WHERE id % 5 <> 0', 'y', '{x1,x2,x3}');
SELECT name, version FROM learn.deploy('house', 1);
SELECT name, version, algorithm, rows_used FROM learn.train('origin', 'linear_regression', 'points', 'y',
    '{x1,x2}', '{"intercept": false}');
});
is( $trained,
	"house|1|linear_regression|400\n"
	  . "house|2|linear_regression|320\n"
	  . "house|1\n"
	  . "origin|1|linear_regression|400",
	'models trained');

# Everything we compare before and after the restore.  Floats are compared
# by their bytes (float8send), and also as text with extra_float_digits = 3.
my %queries = (
	models => q{
SELECT name, version, algorithm, md5(model), length(model), owner, created_at, source, target,
       features, options, metrics, rows_used, rows_skipped, data_fingerprint, seed,
       encode(float8send(fit_seconds), 'hex'), encode(float8send(train_seconds), 'hex'),
       extension_version
FROM learn.models ORDER BY name, version},
	deployments => q{
SELECT id, name, version, deployed_at, deployed_by FROM learn.deployments ORDER BY id},
	deployed => q{
SELECT DISTINCT ON (name) name, version FROM learn.deployments ORDER BY name, id DESC},
	registry => q{
SELECT * FROM learn.registry ORDER BY name, version},
	# Every version scored by its bytes, on every training row; feature
	# vectors follow the model's own feature order.
	predict_versions => q{
SELECT m.name, m.version, p.id,
       encode(float8send(learn.predict(learn.model(m.name, m.version), f.v)), 'hex'),
       learn.predict(learn.model(m.name, m.version), f.v)::text
FROM learn.models m
CROSS JOIN points p
CROSS JOIN LATERAL (
    SELECT array_agg((to_jsonb(p) ->> u.f)::float8 ORDER BY u.o) AS v
    FROM unnest(learn.features(learn.model(m.name, m.version))) WITH ORDINALITY AS u(f, o)) f
ORDER BY 1, 2, 3},
	# The deployed version of each name, scored by name.
	predict_names => q{
SELECT n.name, p.id,
       encode(float8send(learn.predict(n.name, ARRAY[p.x1, p.x2])), 'hex'),
       learn.predict(n.name, ARRAY[p.x1, p.x2])::text
FROM (VALUES ('house'), ('origin')) AS n(name)
CROSS JOIN points p
ORDER BY 1, 2},);

sub snapshot
{
	my ($db) = @_;
	my %snap;
	for my $k (sort keys %queries)
	{
		$snap{$k} =
		  $node->safe_psql($db, "SET extra_float_digits = 3;\n$queries{$k}");
	}
	return \%snap;
}

my $before = snapshot('src');

# Sanity of what we recorded, so that the comparisons below are not vacuous.
is( $before->{deployments} =~ s/\|[^|\n]*\|[^|\n]*$//mgr,
	"1|house|1\n2|house|2\n3|house|1\n4|origin|1",
	'deployment history before dump');
is($before->{deployed}, "house|1\norigin|1", 'deployed versions before dump');
is(scalar(split /\n/, $before->{predict_versions}),
	3 * 400, 'one prediction per version and row');
is(scalar(split /\n/, $before->{predict_names}),
	2 * 400, 'one prediction per name and row');
unlike($before->{predict_versions}, qr/\|\|/, 'no NULL prediction');
is( $node->safe_psql(
		'src', q{
SELECT count(*) FROM points p
WHERE learn.predict('house', ARRAY[p.x1, p.x2]) IS DISTINCT FROM learn.predict(learn.model('house', 1), ARRAY[p.x1, p.x2])
   OR learn.predict('house', ARRAY[p.x1, p.x2]) IS NOT DISTINCT FROM learn.predict(learn.model('house', 2), ARRAY[p.x1, p.x2, p.x3])
   OR learn.predict('origin', ARRAY[0, 0]::float8[]) <> 0}),
	'0',
	'house serves version 1 after the redeploy; origin has no intercept');
like(
	$before->{registry},
	qr/^house\|1\|linear_regression\|t\|.*\nhouse\|2\|linear_regression\|f\|.*\norigin\|1\|linear_regression\|t\|/s,
	'registry before dump');

# Dump, restore into a fresh empty database.
my $tempdir = PostgreSQL::Test::Utils::tempdir;
my $dumpfile = "$tempdir/src.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dumpfile, '-d', 'src' ],
	'pg_dump -Fc');
$node->command_ok([ 'createdb', 'restored' ], 'createdb');
is($node->safe_psql('restored', q{SELECT count(*) FROM pg_extension WHERE extname = 'pg_learn'}),
	'0', 'restore target is empty');
$node->command_checks_all(
	[ 'pg_restore', '-d', 'restored', $dumpfile ],
	0, [qr/\A\z/], [qr/\A\z/], 'pg_restore without errors');

my $after = snapshot('restored');
for my $k (sort keys %queries)
{
	is($after->{$k}, $before->{$k}, "$k identical after restore");
}

# Training goes on where the dumped database left off: next version, next
# deployment id (the sequence was dumped).
is( $node->safe_psql(
		'restored', q{
SELECT version FROM learn.train('house', 'linear_regression', 'points', 'y', '{x1,x3}');
SELECT id, name, version FROM learn.deployments ORDER BY id DESC LIMIT 1;
SELECT version FROM learn.train('origin', 'linear_regression', 'points', 'y', '{x2}');
SELECT (learn.deploy('house', 2)).id;
SELECT name, version FROM learn.registry WHERE deployed ORDER BY name;
}),
	"3\n5|house|3\n2\n7\nhouse|2\norigin|2",
	'new versions and deployment ids continue after restore');

# The source database was not affected.
is($node->safe_psql('src', 'SELECT count(*) FROM learn.models'),
	'3', 'source database unchanged');

$node->stop;
done_testing();
