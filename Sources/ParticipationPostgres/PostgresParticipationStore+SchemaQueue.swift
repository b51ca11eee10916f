extension PostgresParticipationStore {
    /// Migration 6: the rapporteur's queue (one entry per promoted text of an amendment, the
    /// opinion and decision on each queued amendment, the rapporteurs of each bill) and the
    /// bill's count of participants kept by a trigger on votes, so that a share criterion costs
    /// no count in a vote's transaction.
    static let queueMigration = [
        """
        CREATE TABLE bill_voter (
            bill_slug TEXT NOT NULL, account_id TEXT NOT NULL, ballots INTEGER NOT NULL,
            PRIMARY KEY (bill_slug, account_id))
        """,
        "CREATE TABLE bill_voter_count (bill_slug TEXT PRIMARY KEY, voters INTEGER NOT NULL)",
        "INSERT INTO bill_voter SELECT bill_slug, account_id, COUNT(*) FROM vote GROUP BY bill_slug, account_id",
        "INSERT INTO bill_voter_count SELECT bill_slug, COUNT(*) FROM bill_voter GROUP BY bill_slug",
        """
        CREATE FUNCTION hemicycle_count_voter() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            v_ballots INTEGER;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO bill_voter (bill_slug, account_id, ballots) VALUES (NEW.bill_slug, NEW.account_id, 1)
                ON CONFLICT (bill_slug, account_id) DO UPDATE SET ballots = bill_voter.ballots + 1
                RETURNING ballots INTO v_ballots;
                IF v_ballots = 1 THEN
                    INSERT INTO bill_voter_count (bill_slug, voters) VALUES (NEW.bill_slug, 1)
                    ON CONFLICT (bill_slug) DO UPDATE SET voters = bill_voter_count.voters + 1;
                END IF;
                RETURN NEW;
            END IF;
            UPDATE bill_voter SET ballots = ballots - 1 WHERE bill_slug = OLD.bill_slug AND account_id = OLD.account_id
            RETURNING ballots INTO v_ballots;
            IF v_ballots IS NOT NULL AND v_ballots <= 0 THEN
                DELETE FROM bill_voter WHERE bill_slug = OLD.bill_slug AND account_id = OLD.account_id;
                UPDATE bill_voter_count SET voters = voters - 1 WHERE bill_slug = OLD.bill_slug;
            END IF;
            RETURN OLD;
        END $$
        """,
        """
        CREATE TRIGGER vote_counts_voter AFTER INSERT OR DELETE ON vote
        FOR EACH ROW EXECUTE FUNCTION hemicycle_count_voter()
        """,
        """
        CREATE TABLE queue_entry (
            bill_slug TEXT NOT NULL, number INTEGER NOT NULL, revision TEXT NOT NULL,
            promoted_at TIMESTAMPTZ NOT NULL, supports INTEGER NOT NULL, oppositions INTEGER NOT NULL,
            abstentions INTEGER NOT NULL, participants INTEGER NOT NULL, rule TEXT NOT NULL, stamp TEXT NOT NULL,
            seq BIGSERIAL,
            PRIMARY KEY (bill_slug, number, revision),
            FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
        """,
        """
        CREATE TABLE queue_review (
            bill_slug TEXT NOT NULL, number INTEGER NOT NULL,
            opinion TEXT, opinion_comment TEXT NOT NULL DEFAULT '', opinion_by TEXT, opinion_at TIMESTAMPTZ,
            decision TEXT CHECK (decision IN ('adopted', 'rejected', 'withdrawn')), decision_by TEXT,
            decision_at TIMESTAMPTZ,
            PRIMARY KEY (bill_slug, number),
            FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
        """,
        """
        CREATE TABLE rapporteur (
            bill_slug TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            position INTEGER NOT NULL, PRIMARY KEY (bill_slug, account_id))
        """,
        "ALTER TABLE bill_participation ADD COLUMN promoted_at_close TIMESTAMPTZ",
    ]
}
