extension PostgresParticipationStore {
    /// Migration 4: a batch of votes is recorded by set, not vote by vote. Before it, each vote
    /// of a batch ran five statements and a trigger in the server (its previous vote, two tally
    /// moves, its row, its audit row); now the batch reads every previous vote in one statement,
    /// writes every vote in one, moves each tally it touches once (one statement per text voted
    /// on, so the supports trigger runs once per text, not once per vote) and appends its audit
    /// rows in one. The audit hash moves into `hemicycle_audit_hash`, used by both functions, so
    /// the chain's encoding is written once in SQL.
    ///
    /// A batch handed to `hemicycle_record_votes` holds at most one vote per person and
    /// amendment (the store splits a batch where one person voted twice on one amendment), and
    /// each vote's tally is its text's tally once the whole batch is counted.
    static let batchedVotes = [
        "DROP FUNCTION hemicycle_record_votes(TEXT[], INTEGER[], TEXT[], TEXT[], TIMESTAMPTZ[], TEXT[])",
        // Scheme 2 of AuditChain: each field as its length in bytes, a colon and its bytes.
        """
        CREATE FUNCTION hemicycle_audit_hash(p_previous TEXT, p_at TEXT, p_actor TEXT, p_action TEXT, p_target TEXT,
            p_detail TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
            SELECT encode(sha256(convert_to(
                octet_length(p_previous) || ':' || p_previous || octet_length(p_at) || ':' || p_at ||
                octet_length(p_actor) || ':' || p_actor || octet_length(p_action) || ':' || p_action ||
                octet_length(p_target) || ':' || p_target || octet_length(p_detail) || ':' || p_detail,
                'UTF8')), 'hex')
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION hemicycle_append_audit(p_at TEXT, p_actor TEXT, p_action TEXT, p_target TEXT,
            p_detail TEXT) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            v_previous TEXT;
        BEGIN
            SELECT hash INTO v_previous FROM audit_log ORDER BY id DESC LIMIT 1;
            v_previous := coalesce(v_previous, repeat('0', 64));
            INSERT INTO audit_log (at, actor, action, target, detail, previous_hash, hash, chain)
            VALUES (p_at, p_actor, p_action, p_target, p_detail, v_previous,
                hemicycle_audit_hash(v_previous, p_at, p_actor, p_action, p_target, p_detail), 2);
        END $$
        """,
        // Votes the policy admitted, at most one per person and amendment, in the caller's
        // transaction (which holds the write lock). A vote that changes nothing writes nothing.
        // Returns each vote's tally once the batch is counted.
        """
        CREATE FUNCTION hemicycle_record_votes(p_bill TEXT[], p_number INTEGER[], p_account TEXT[], p_value TEXT[],
            p_at TIMESTAMPTZ[], p_stamp TEXT[])
        RETURNS TABLE (o_index INTEGER, o_for INTEGER, o_against INTEGER, o_abstain INTEGER)
        LANGUAGE plpgsql AS $$
        DECLARE
            c_revision TEXT[]; c_previous TEXT[]; c_previous_revision TEXT[]; c_changes BOOLEAN[];
            g RECORD;
            v_hash TEXT;
            a_at TEXT[] := '{}'; a_target TEXT[] := '{}'; a_previous TEXT[] := '{}'; a_hash TEXT[] := '{}';
        BEGIN
            -- Each vote's text and the person's previous vote on the amendment, in the batch's order.
            SELECT array_agg(a.revision ORDER BY f.i), array_agg(v.value ORDER BY f.i),
                array_agg(v.revision ORDER BY f.i),
                array_agg(NOT (v.value IS NOT DISTINCT FROM f.value AND v.revision IS NOT DISTINCT FROM a.revision)
                    ORDER BY f.i)
            INTO c_revision, c_previous, c_previous_revision, c_changes
            FROM unnest(p_bill, p_number, p_account, p_value) WITH ORDINALITY AS f(bill, number, account, value, i)
            LEFT JOIN amendment a ON a.bill_slug = f.bill AND a.number = f.number
            LEFT JOIN vote v ON v.bill_slug = f.bill AND v.number = f.number AND v.account_id = f.account;

            INSERT INTO vote (bill_slug, number, account_id, value, revision, cast_at)
            SELECT f.bill, f.number, f.account, f.value, f.revision, f.at
            FROM unnest(p_bill, p_number, p_account, p_value, c_revision, p_at, c_changes)
                AS f(bill, number, account, value, revision, at, changes)
            WHERE f.changes
            ON CONFLICT (bill_slug, number, account_id) DO UPDATE SET value = excluded.value,
                revision = excluded.revision, cast_at = excluded.cast_at;

            -- Each text's tally moves once: +1 for the text a vote joins, -1 for the one it leaves.
            FOR g IN
                SELECT m.bill, m.number, m.revision,
                    sum(m.delta) FILTER (WHERE m.value = 'for') AS supports,
                    sum(m.delta) FILTER (WHERE m.value = 'against') AS oppositions,
                    sum(m.delta) FILTER (WHERE m.value = 'abstain') AS abstentions
                FROM (
                    SELECT f.bill, f.number, f.revision, f.value, 1 AS delta
                    FROM unnest(p_bill, p_number, c_revision, p_value, c_changes) AS f(bill, number, revision, value,
                        changes)
                    WHERE f.changes
                    UNION ALL
                    SELECT f.bill, f.number, f.revision, f.value, -1
                    FROM unnest(p_bill, p_number, c_previous_revision, c_previous, c_changes)
                        AS f(bill, number, revision, value, changes)
                    WHERE f.changes AND f.value IS NOT NULL
                ) m
                GROUP BY m.bill, m.number, m.revision
            LOOP
                INSERT INTO tally (bill_slug, number, revision, supports, oppositions, abstentions)
                VALUES (g.bill, g.number, g.revision, greatest(coalesce(g.supports, 0), 0),
                    greatest(coalesce(g.oppositions, 0), 0), greatest(coalesce(g.abstentions, 0), 0))
                ON CONFLICT (bill_slug, number, revision) DO UPDATE SET
                    supports = tally.supports + coalesce(g.supports, 0),
                    oppositions = tally.oppositions + coalesce(g.oppositions, 0),
                    abstentions = tally.abstentions + coalesce(g.abstentions, 0);
            END LOOP;

            -- One audit row per vote that changed something, chained in the batch's order.
            SELECT hash INTO v_hash FROM audit_log ORDER BY id DESC LIMIT 1;
            v_hash := coalesce(v_hash, repeat('0', 64));
            FOR i IN 1 .. coalesce(array_length(p_bill, 1), 0) LOOP
                IF c_changes[i] THEN
                    a_previous := a_previous || v_hash;
                    a_at := a_at || p_stamp[i];
                    a_target := a_target || (p_bill[i] || '#' || p_number[i]);
                    v_hash := hemicycle_audit_hash(v_hash, p_stamp[i], 'citizen', 'vote.cast',
                        p_bill[i] || '#' || p_number[i], '');
                    a_hash := a_hash || v_hash;
                END IF;
            END LOOP;
            INSERT INTO audit_log (at, actor, action, target, detail, previous_hash, hash, chain)
            SELECT r.at, 'citizen', 'vote.cast', r.target, '', r.previous, r.hash, 2
            FROM unnest(a_at, a_target, a_previous, a_hash) WITH ORDINALITY AS r(at, target, previous, hash, k)
            ORDER BY r.k;

            RETURN QUERY
            SELECT f.i::INTEGER, coalesce(t.supports, 0), coalesce(t.oppositions, 0), coalesce(t.abstentions, 0)
            FROM unnest(p_bill, p_number, c_revision) WITH ORDINALITY AS f(bill, number, revision, i)
            LEFT JOIN tally t ON t.bill_slug = f.bill AND t.number = f.number AND t.revision = f.revision
            ORDER BY f.i;
        END $$
        """,
    ]
}
