extension PostgresParticipationStore {
    /// Migration 3: the rules leave SQL for `Legislation`'s policies. Participation gets its dated
    /// window; the amendment states the later features use are accepted without a rebuild; the
    /// vote function no longer decides who may vote — the store reads a batch's ballots, the
    /// policy decides, and `hemicycle_record_votes` only moves tallies and writes the votes.
    static let policyMigration = [
        "ALTER TABLE bill_participation ADD COLUMN opens_at TIMESTAMPTZ, ADD COLUMN closes_at TIMESTAMPTZ",
        "ALTER TABLE amendment DROP CONSTRAINT amendment_state_check",
        """
        ALTER TABLE amendment ADD CONSTRAINT amendment_state_check
            CHECK (state IN ('proposed', 'withdrawn', 'promoted', 'adopted', 'rejected', 'conflicted'))
        """,
        "DROP FUNCTION hemicycle_cast_votes(TEXT[], INTEGER[], TEXT[], TEXT[], TIMESTAMPTZ[], TEXT[])",
        "DROP FUNCTION hemicycle_cast_vote(TEXT, INTEGER, TEXT, TEXT, TIMESTAMPTZ, TEXT)",
        // Votes the policy admitted, in order, in the caller's transaction: each moves the
        // tallies of the text it leaves and the text it joins, and is written with its audit
        // row; a vote that changes nothing writes nothing. Returns each vote's tally after it.
        """
        CREATE FUNCTION hemicycle_record_votes(p_bill TEXT[], p_number INTEGER[], p_account TEXT[], p_value TEXT[],
            p_at TIMESTAMPTZ[], p_stamp TEXT[])
        RETURNS TABLE (o_index INTEGER, o_for INTEGER, o_against INTEGER, o_abstain INTEGER)
        LANGUAGE plpgsql AS $$
        DECLARE
            v_revision TEXT; v_previous TEXT; v_previous_revision TEXT;
            t tally;
        BEGIN
            FOR i IN 1 .. coalesce(array_length(p_bill, 1), 0) LOOP
                SELECT a.revision, v.value, v.revision INTO v_revision, v_previous, v_previous_revision
                FROM amendment a
                LEFT JOIN vote v ON v.bill_slug = a.bill_slug AND v.number = a.number AND v.account_id = p_account[i]
                WHERE a.bill_slug = p_bill[i] AND a.number = p_number[i];
                IF v_previous = p_value[i] AND v_previous_revision = v_revision THEN
                    SELECT * INTO t FROM tally x WHERE x.bill_slug = p_bill[i] AND x.number = p_number[i]
                        AND x.revision = v_revision;
                ELSE
                    IF v_previous IS NOT NULL THEN
                        PERFORM hemicycle_move_tally(p_bill[i], p_number[i], v_previous_revision, v_previous, -1);
                    END IF;
                    t := hemicycle_move_tally(p_bill[i], p_number[i], v_revision, p_value[i], 1);
                    INSERT INTO vote (bill_slug, number, account_id, value, revision, cast_at)
                    VALUES (p_bill[i], p_number[i], p_account[i], p_value[i], v_revision, p_at[i])
                    ON CONFLICT (bill_slug, number, account_id) DO UPDATE SET value = excluded.value,
                        revision = excluded.revision, cast_at = excluded.cast_at;
                    PERFORM hemicycle_append_audit(p_stamp[i], 'citizen', 'vote.cast', p_bill[i] || '#' || p_number[i],
                        '');
                END IF;
                o_index := i;
                o_for := coalesce(t.supports, 0);
                o_against := coalesce(t.oppositions, 0);
                o_abstain := coalesce(t.abstentions, 0);
                RETURN NEXT;
            END LOOP;
        END $$
        """,
    ]
}
