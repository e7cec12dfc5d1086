/*
 * model.c: encoding and strict decoding of the model binary format
 * described in model.h.  Decoding trusts nothing: the checksum is verified
 * before any field is interpreted, and every count is bounded by the bytes
 * that remain before anything is allocated from it.
 */
#include "postgres.h"

#include "core/checksum.h"
#include "core/model.h"

/* Write a section header and return the offset of its length field. */
static size_t
BeginSection(LearnWriter *w, LearnSectionTag tag)
{
	size_t		at;

	LearnWriteU16(w, (uint16) tag);
	LearnWriteU16(w, 0);
	at = w->len;
	LearnWriteU32(w, 0);
	return at;
}

/* Patch the section length once its payload is written. */
static void
EndSection(LearnWriter *w, size_t at)
{
	LearnWritePatchU32(w, at, (uint32) (w->len - at - 4));
}

/* Encode a model; params is the algorithm's already-encoded parameter block. */
bytea *
LearnModelEncode(const LearnModel *m, const LearnWriter *params)
{
	LearnWriter w;
	size_t		at;
	bytea	   *out;

	LearnWriterInit(&w);
	appendBinaryStringInfo(&w, LEARN_MODEL_MAGIC, 4);
	LearnWriteU16(&w, LEARN_MODEL_FORMAT);
	LearnWriteU16(&w, m->algorithm);
	LearnWriteU32(&w, m->n_features);
	LearnWriteU32(&w, 0);

	at = BeginSection(&w, LEARN_SECTION_FEATURES);
	LearnWriteU32(&w, m->n_features);
	for (uint32 i = 0; i < m->n_features; i++)
		LearnWriteName(&w, m->feature_names[i]);
	EndSection(&w, at);

	at = BeginSection(&w, LEARN_SECTION_TARGET);
	LearnWriteName(&w, m->target_name);
	EndSection(&w, at);

	if (m->n_classes > 0)
	{
		at = BeginSection(&w, LEARN_SECTION_CLASSES);
		LearnWriteU8(&w, m->label_kind);
		LearnWriteU32(&w, m->n_classes);
		for (uint32 c = 0; c < m->n_classes; c++)
			LearnWriteName(&w, m->class_names[c]);
		EndSection(&w, at);
	}

	if (m->pipeline_bytes != NULL)
	{
		at = BeginSection(&w, LEARN_SECTION_PIPELINE);
		appendBinaryStringInfo(&w, (const char *) m->pipeline_bytes, (int) m->pipeline_len);
		EndSection(&w, at);
	}

	at = BeginSection(&w, LEARN_SECTION_PARAMS);
	appendBinaryStringInfo(&w, params->data, params->len);
	EndSection(&w, at);

	at = BeginSection(&w, LEARN_SECTION_STATS);
	LearnWriteU64(&w, (uint64) m->rows_used);
	LearnWriteU64(&w, (uint64) m->rows_skipped);
	LearnWriteU64(&w, m->fingerprint);
	LearnWriteF64Array(&w, m->feature_mean, m->n_features);
	LearnWriteF64Array(&w, m->feature_sd, m->n_features);
	EndSection(&w, at);

	LearnWriteU32(&w, LearnCrc32c(w.data, w.len));

	out = palloc(VARHDRSZ + w.len);
	SET_VARSIZE(out, VARHDRSZ + w.len);
	memcpy(VARDATA(out), w.data, w.len);
	pfree(w.data);
	return out;
}

/* Decode the FEATURES section. */
static void
DecodeFeatures(LearnReader *r, LearnModel *m)
{
	uint32		n = LearnReadCount(r, LEARN_MAX_FEATURES, 3);

	if (n != m->n_features)
		LearnReaderFail(r, psprintf("feature list has %u names for %u features", n, m->n_features));
	m->feature_names = palloc(sizeof(char *) * Max(n, 1));
	for (uint32 i = 0; i < n; i++)
		m->feature_names[i] = LearnReadName(r);
	LearnReaderExpectEnd(r);
}

/* Decode the CLASSES section. */
static void
DecodeClasses(LearnReader *r, LearnModel *m)
{
	m->label_kind = LearnReadU8(r);
	if (m->label_kind < LEARN_LABEL_NUMERIC || m->label_kind > LEARN_LABEL_TEXT)
		LearnReaderFail(r, "unknown label kind");
	m->n_classes = LearnReadCount(r, LEARN_MAX_CLASSES, 3);
	if (m->n_classes < 2)
		LearnReaderFail(r, "a classifier needs at least two classes");
	m->class_names = palloc(sizeof(char *) * m->n_classes);
	for (uint32 c = 0; c < m->n_classes; c++)
	{
		m->class_names[c] = LearnReadName(r);
		for (uint32 d = 0; d < c; d++)
			if (strcmp(m->class_names[d], m->class_names[c]) == 0)
				LearnReaderFail(r, "duplicate class label");
	}
	LearnReaderExpectEnd(r);
}

/* Decode the STATS section. */
static void
DecodeStats(LearnReader *r, LearnModel *m)
{
	uint64		used = LearnReadU64(r);
	uint64		skipped = LearnReadU64(r);

	if (used > PG_INT64_MAX || skipped > PG_INT64_MAX)
		LearnReaderFail(r, "row count out of range");
	m->rows_used = (int64) used;
	m->rows_skipped = (int64) skipped;
	m->fingerprint = LearnReadU64(r);
	if ((size_t) m->n_features * 16 != r->len - r->pos)
		LearnReaderFail(r, "statistics do not match the number of features");
	m->feature_mean = palloc(sizeof(double) * Max(m->n_features, 1));
	m->feature_sd = palloc(sizeof(double) * Max(m->n_features, 1));
	LearnReadF64Array(r, m->feature_mean, m->n_features);
	LearnReadF64Array(r, m->feature_sd, m->n_features);
	LearnReaderExpectEnd(r);
}

/* Decode and verify len bytes of a model into m. */
void
LearnModelDecode(const uint8 *data, size_t len, LearnModel *m)
{
	LearnReader r;
	uint32		stored_crc;
	int			last_tag = 0;

	memset(m, 0, sizeof(*m));
	LearnReaderInit(&r, data, len, "model");
	if (len < LEARN_MODEL_HEADER_LEN + 4 || memcmp(data, LEARN_MODEL_MAGIC, 4) != 0)
		LearnReaderFail(&r, "not a pg_learn model (bad magic number or too short)");
	stored_crc = (uint32) data[len - 4] | ((uint32) data[len - 3] << 8) |
		((uint32) data[len - 2] << 16) | ((uint32) data[len - 1] << 24);
	if (stored_crc != LearnCrc32c(data, len - 4))
		LearnReaderFail(&r, "checksum mismatch: the model bytes are corrupted");
	r.len = len - 4;			/* the checksum is not part of any section */
	r.pos = 4;
	if (LearnReadU16(&r) != LEARN_MODEL_FORMAT)
		LearnReaderFail(&r, "unsupported model format version (made by a newer pg_learn?)");
	m->algorithm = LearnReadU16(&r);
	m->n_features = LearnReadU32(&r);
	if (m->n_features == 0 || m->n_features > LEARN_MAX_FEATURES)
		LearnReaderFail(&r, "number of features out of range");
	if (LearnReadU32(&r) != 0)
		LearnReaderFail(&r, "reserved header field is not zero");

	while (r.pos < r.len)
	{
		uint16		tag = LearnReadU16(&r);
		uint32		slen;
		LearnReader sub;

		if (LearnReadU16(&r) != 0)
			LearnReaderFail(&r, "reserved section field is not zero");
		slen = LearnReadU32(&r);
		LearnReaderNeed(&r, slen);
		if (tag <= last_tag || tag > LEARN_SECTION_MAX)
			LearnReaderFail(&r, psprintf("unexpected section tag %u", tag));
		last_tag = tag;
		LearnReaderInit(&sub, r.data + r.pos, slen, "model");
		switch ((LearnSectionTag) tag)
		{
			case LEARN_SECTION_FEATURES:
				DecodeFeatures(&sub, m);
				break;
			case LEARN_SECTION_TARGET:
				m->target_name = LearnReadName(&sub);
				LearnReaderExpectEnd(&sub);
				break;
			case LEARN_SECTION_CLASSES:
				DecodeClasses(&sub, m);
				break;
			case LEARN_SECTION_PIPELINE:
				m->pipeline_bytes = sub.data;
				m->pipeline_len = slen;
				break;
			case LEARN_SECTION_PARAMS:
				m->params = sub.data;
				m->params_len = slen;
				break;
			case LEARN_SECTION_STATS:
				DecodeStats(&sub, m);
				break;
		}
		r.pos += slen;
	}
	if (m->feature_names == NULL || m->target_name == NULL || m->params == NULL ||
		m->feature_mean == NULL)
		LearnReaderFail(&r, "a required section is missing");
}

/* Re-encode the model in data with the given pipeline section. */
bytea *
LearnModelAttachPipeline(const uint8 *data, size_t len, const LearnWriter *pipeline)
{
	LearnModel	m;
	LearnWriter params;

	LearnModelDecode(data, len, &m);
	params.data = (char *) m.params;
	params.len = (int) m.params_len;
	params.maxlen = params.len;
	params.cursor = 0;
	m.pipeline_bytes = (const uint8 *) pipeline->data;
	m.pipeline_len = pipeline->len;
	return LearnModelEncode(&m, &params);
}
