import Foundation
import Legislation
import Logging
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    /// The schema, one numbered migration after another, each in its own transaction under an
    /// advisory lock: two nodes starting together wait for each other, and the second finds the
    /// work done.
    static let migrations: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE account (
                    id TEXT PRIMARY KEY, handle TEXT NOT NULL, handle_skeleton TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('citizen', 'rapporteur', 'staff', 'admin')),
                    created_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE UNIQUE INDEX account_by_handle ON account (lower(handle))",
                """
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
                    created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX session_by_account ON session (account_id)",
                "CREATE INDEX session_by_expiry ON session (expires_at)",
                """
                CREATE TABLE audit_log (
                    id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                    target TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL, chain INTEGER NOT NULL DEFAULT 2)
                """,
                """
                CREATE FUNCTION hemicycle_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION hemicycle_append_only()
                """,
                """
                CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION hemicycle_append_only()
                """,
                """
                CREATE TABLE pseudonym (
                    pseudonym TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE)
                """,
                "CREATE INDEX pseudonym_by_account ON pseudonym (account_id)",
                """
                CREATE TABLE amendment (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL CHECK (number >= 1),
                    title TEXT NOT NULL, summary TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('proposed', 'withdrawn')),
                    author_id TEXT REFERENCES account (id) ON DELETE SET NULL,
                    base_version TEXT NOT NULL, head TEXT NOT NULL, revision TEXT NOT NULL DEFAULT '',
                    pseudonym TEXT, supports INTEGER NOT NULL DEFAULT 0,
                    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (bill_slug, number))
                """,
                "CREATE INDEX amendment_by_author ON amendment (author_id)",
                "CREATE INDEX amendment_by_support ON amendment (bill_slug, supports, number)",
                """
                CREATE TABLE amendment_article (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL, position INTEGER NOT NULL,
                    label TEXT NOT NULL, PRIMARY KEY (bill_slug, number, label),
                    FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
                """,
                "CREATE INDEX amendment_article_by_label ON amendment_article (bill_slug, label, number)",
                """
                CREATE TABLE vote (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL,
                    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
                    value TEXT NOT NULL CHECK (value IN ('for', 'against', 'abstain')),
                    revision TEXT NOT NULL, cast_at TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (bill_slug, number, account_id),
                    FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
                """,
                "CREATE INDEX vote_by_account ON vote (account_id)",
                """
                CREATE TABLE tally (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL, revision TEXT NOT NULL,
                    supports INTEGER NOT NULL DEFAULT 0 CHECK (supports >= 0),
                    oppositions INTEGER NOT NULL DEFAULT 0 CHECK (oppositions >= 0),
                    abstentions INTEGER NOT NULL DEFAULT 0 CHECK (abstentions >= 0),
                    PRIMARY KEY (bill_slug, number, revision))
                """,
                // Supports of the current text, kept equal to its tally, to list by support.
                """
                CREATE FUNCTION hemicycle_tally_supports() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE amendment SET supports = NEW.supports WHERE bill_slug = NEW.bill_slug
                    AND number = NEW.number AND revision = NEW.revision;
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER tally_supports AFTER INSERT OR UPDATE OF supports ON tally
                FOR EACH ROW EXECUTE FUNCTION hemicycle_tally_supports()
                """,
                """
                CREATE FUNCTION hemicycle_revised_supports() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.supports := coalesce((SELECT supports FROM tally WHERE tally.bill_slug = NEW.bill_slug
                        AND tally.number = NEW.number AND tally.revision = NEW.revision), 0);
                    RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER amendment_revised_supports BEFORE UPDATE OF revision ON amendment
                FOR EACH ROW EXECUTE FUNCTION hemicycle_revised_supports()
                """,
                """
                CREATE TABLE bill_participation (
                    bill_slug TEXT PRIMARY KEY, open BOOLEAN NOT NULL, changed_at TIMESTAMPTZ NOT NULL,
                    changed_by TEXT NOT NULL, reports_to_hide INTEGER)
                """,
                """
                CREATE TABLE comment (
                    id BIGSERIAL PRIMARY KEY, bill_slug TEXT NOT NULL,
                    target_kind TEXT NOT NULL CHECK (target_kind IN ('amendment', 'article')), target TEXT NOT NULL,
                    parent_id BIGINT REFERENCES comment (id) ON DELETE RESTRICT,
                    author_id TEXT REFERENCES account (id) ON DELETE SET NULL,
                    body TEXT NOT NULL CHECK (length(body) <= 10000),
                    stance TEXT NOT NULL CHECK (stance IN ('pro', 'con', 'neutral')),
                    deleted BOOLEAN NOT NULL DEFAULT false,
                    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX comment_by_target ON comment (bill_slug, target_kind, target, id)",
                "CREATE INDEX comment_by_author ON comment (author_id)",
                """
                CREATE TABLE report (
                    id BIGSERIAL UNIQUE, bill_slug TEXT NOT NULL,
                    target_kind TEXT NOT NULL CHECK (target_kind IN ('amendment', 'comment')), target TEXT NOT NULL,
                    reporter_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
                    reason TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
                    counts BOOLEAN NOT NULL DEFAULT true, why_not_counted TEXT,
                    PRIMARY KEY (bill_slug, target_kind, target, reporter_id))
                """,
                """
                CREATE TABLE moderation (
                    bill_slug TEXT NOT NULL, target_kind TEXT NOT NULL, target TEXT NOT NULL,
                    hidden BOOLEAN NOT NULL, reason TEXT NOT NULL, decided_by TEXT NOT NULL,
                    decided_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (bill_slug, target_kind, target))
                """,
                "CREATE TABLE reserved_handle (digest TEXT PRIMARY KEY, until TIMESTAMPTZ NOT NULL)",
                """
                CREATE TABLE erased_vote (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL, revision TEXT NOT NULL, value TEXT NOT NULL,
                    count INTEGER NOT NULL CHECK (count >= 0), PRIMARY KEY (bill_slug, number, revision, value))
                """,
                "CREATE TABLE installation_secret (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            ]
        ),
        (2, voteFunctions),
        (3, policyMigration),
        (4, batchedVotes),
        // The bill's promotion rule as JSON: new kinds of criterion need no migration.
        (5, ["ALTER TABLE bill_participation ADD COLUMN promotion_rule TEXT"]),
        (6, queueMigration),
        // Each amendment's dispositif as worded for one head: an export reads it instead of
        // diffing every text again; one worded for an older head is not read.
        (
            7,
            [
                """
                CREATE TABLE amendment_dispositif (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL, head TEXT NOT NULL, dispositif TEXT NOT NULL,
                    PRIMARY KEY (bill_slug, number),
                    FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
                """
            ]
        ),
        // Why an amendment no longer applies after an adoption, until its author revises it.
        (
            8,
            [
                """
                CREATE TABLE amendment_conflict (
                    bill_slug TEXT NOT NULL, number INTEGER NOT NULL, conflict TEXT NOT NULL,
                    PRIMARY KEY (bill_slug, number),
                    FOREIGN KEY (bill_slug, number) REFERENCES amendment ON DELETE CASCADE)
                """
            ]
        ),
        // Lists by support read most supported first, then by number: an index in that order
        // gives the first page without sorting every amendment of the bill.
        (
            9,
            [
                "CREATE INDEX amendment_by_most_supported ON amendment (bill_slug, supports DESC, number)",
                "DROP INDEX amendment_by_support",
            ]
        ),
    ]

    /// A vote in one round trip: the checks, the tally, the vote and its chained audit row, done
    /// by the server. Refusals are answered as an outcome, not raised, so that many votes can
    /// share one transaction (group commit) without one refusal undoing the others. The chain's
    /// hash is the one `AuditChain` computes, with the server's SHA-256.
    static let voteFunctions = [
        """
        CREATE FUNCTION hemicycle_append_audit(p_at TEXT, p_actor TEXT, p_action TEXT, p_target TEXT, p_detail TEXT)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            v_previous TEXT;
            v_hash TEXT;
        BEGIN
            SELECT hash INTO v_previous FROM audit_log ORDER BY id DESC LIMIT 1;
            v_previous := coalesce(v_previous, repeat('0', 64));
            -- Scheme 2 of AuditChain: each field as its length in bytes, a colon and its bytes.
            v_hash := encode(sha256(convert_to(
                octet_length(v_previous) || ':' || v_previous || octet_length(p_at) || ':' || p_at ||
                octet_length(p_actor) || ':' || p_actor || octet_length(p_action) || ':' || p_action ||
                octet_length(p_target) || ':' || p_target || octet_length(p_detail) || ':' || p_detail,
                'UTF8')), 'hex');
            INSERT INTO audit_log (at, actor, action, target, detail, previous_hash, hash, chain)
            VALUES (p_at, p_actor, p_action, p_target, p_detail, v_previous, v_hash, 2);
        END $$
        """,
        """
        CREATE FUNCTION hemicycle_move_tally(p_bill TEXT, p_number INTEGER, p_revision TEXT, p_value TEXT,
            p_delta INTEGER) RETURNS tally LANGUAGE plpgsql AS $$
        DECLARE
            t tally;
        BEGIN
            IF p_value = 'for' THEN
                INSERT INTO tally (bill_slug, number, revision, supports)
                VALUES (p_bill, p_number, p_revision, greatest(p_delta, 0))
                ON CONFLICT (bill_slug, number, revision) DO UPDATE SET supports = tally.supports + p_delta
                RETURNING * INTO t;
            ELSIF p_value = 'against' THEN
                INSERT INTO tally (bill_slug, number, revision, oppositions)
                VALUES (p_bill, p_number, p_revision, greatest(p_delta, 0))
                ON CONFLICT (bill_slug, number, revision) DO UPDATE SET oppositions = tally.oppositions + p_delta
                RETURNING * INTO t;
            ELSE
                INSERT INTO tally (bill_slug, number, revision, abstentions)
                VALUES (p_bill, p_number, p_revision, greatest(p_delta, 0))
                ON CONFLICT (bill_slug, number, revision) DO UPDATE SET abstentions = tally.abstentions + p_delta
                RETURNING * INTO t;
            END IF;
            RETURN t;
        END $$
        """,
        """
        CREATE FUNCTION hemicycle_cast_vote(p_bill TEXT, p_number INTEGER, p_session TEXT, p_value TEXT,
            p_at TIMESTAMPTZ, p_stamp TEXT)
        RETURNS TABLE (o_outcome TEXT, o_for INTEGER, o_against INTEGER, o_abstain INTEGER)
        LANGUAGE plpgsql AS $$
        DECLARE
            v_account TEXT; v_open BOOLEAN; v_state TEXT; v_revision TEXT;
            v_previous TEXT; v_previous_revision TEXT; v_hidden BOOLEAN;
            t tally;
        BEGIN
            SELECT s.account_id, coalesce(p.open, true), a.state, a.revision, v.value, v.revision,
                coalesce(m.hidden, false)
            INTO v_account, v_open, v_state, v_revision, v_previous, v_previous_revision, v_hidden
            FROM session s
            LEFT JOIN bill_participation p ON p.bill_slug = p_bill
            LEFT JOIN amendment a ON a.bill_slug = p_bill AND a.number = p_number
            LEFT JOIN vote v ON v.bill_slug = p_bill AND v.number = p_number AND v.account_id = s.account_id
            LEFT JOIN moderation m ON m.bill_slug = p_bill AND m.target_kind = 'amendment'
                AND m.target = p_number::TEXT
            WHERE s.token_hash = p_session AND s.expires_at > p_at;
            IF NOT FOUND THEN RETURN QUERY SELECT 'unauthenticated', 0, 0, 0; RETURN; END IF;
            IF NOT v_open THEN RETURN QUERY SELECT 'closed', 0, 0, 0; RETURN; END IF;
            IF v_state IS NULL THEN RETURN QUERY SELECT 'missing', 0, 0, 0; RETURN; END IF;
            IF v_state <> 'proposed' THEN RETURN QUERY SELECT 'state:' || v_state, 0, 0, 0; RETURN; END IF;
            IF v_hidden THEN RETURN QUERY SELECT 'hidden', 0, 0, 0; RETURN; END IF;
            IF v_previous = p_value AND v_previous_revision = v_revision THEN
                RETURN QUERY SELECT 'kept', coalesce(x.supports, 0), coalesce(x.oppositions, 0),
                    coalesce(x.abstentions, 0)
                FROM (SELECT 1) one LEFT JOIN tally x ON x.bill_slug = p_bill AND x.number = p_number
                    AND x.revision = v_revision;
                RETURN;
            END IF;
            IF v_previous IS NOT NULL THEN
                PERFORM hemicycle_move_tally(p_bill, p_number, v_previous_revision, v_previous, -1);
            END IF;
            t := hemicycle_move_tally(p_bill, p_number, v_revision, p_value, 1);
            INSERT INTO vote (bill_slug, number, account_id, value, revision, cast_at)
            VALUES (p_bill, p_number, v_account, p_value, v_revision, p_at)
            ON CONFLICT (bill_slug, number, account_id) DO UPDATE SET value = excluded.value,
                revision = excluded.revision, cast_at = excluded.cast_at;
            PERFORM hemicycle_append_audit(p_stamp, 'citizen', 'vote.cast', p_bill || '#' || p_number, '');
            RETURN QUERY SELECT 'ok', t.supports, t.oppositions, t.abstentions;
        END $$
        """,
        // A batch of votes in one round trip, cast in order.
        """
        CREATE FUNCTION hemicycle_cast_votes(p_bill TEXT[], p_number INTEGER[], p_session TEXT[], p_value TEXT[],
            p_at TIMESTAMPTZ[], p_stamp TEXT[])
        RETURNS TABLE (o_index INTEGER, o_outcome TEXT, o_for INTEGER, o_against INTEGER, o_abstain INTEGER)
        LANGUAGE plpgsql AS $$
        DECLARE
            r RECORD;
        BEGIN
            FOR i IN 1 .. coalesce(array_length(p_bill, 1), 0) LOOP
                SELECT * INTO r FROM hemicycle_cast_vote(p_bill[i], p_number[i], p_session[i], p_value[i], p_at[i],
                    p_stamp[i]);
                o_index := i;
                o_outcome := r.o_outcome;
                o_for := r.o_for;
                o_against := r.o_against;
                o_abstain := r.o_abstain;
                RETURN NEXT;
            END LOOP;
        END $$
        """,
    ]

    /// Applies the migrations not applied yet.
    func migrate() async throws {
        try await client.withConnection { connection in
            for migration in Self.migrations {
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS hemicycle_migration (
                            version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """, logger: logger)
                    let applied = try await connection.query(
                        "SELECT 1 FROM hemicycle_migration WHERE version = \(migration.version)", logger: logger)
                    var done = false
                    for try await _ in applied { done = true }
                    if !done {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query(
                            "INSERT INTO hemicycle_migration (version) VALUES (\(migration.version))", logger: logger)
                    }
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    // MARK: The audit log

    /// A new pseudonym for one action of an account, linked to it by a row that erasing the
    /// account deletes.
    func pseudonym(_ connection: PostgresConnection, for account: Account.ID) async throws -> String {
        let pseudonym = Pseudonym.random().rawValue
        try await connection.query(
            "INSERT INTO pseudonym (pseudonym, account_id) VALUES (\(pseudonym), \(account.rawValue))", logger: logger)
        return pseudonym
    }

    /// Appends one audit row in the caller's transaction (which holds the write lock), chained
    /// to the last one.
    func appendAudit(
        _ connection: PostgresConnection, actor: String, action: String, target: String, detail: String = "",
        at: Date
    ) async throws {
        var previous = AuditChain.genesis
        for try await hash in try await connection.query(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", logger: logger
        ).decode(String.self) {
            previous = hash
        }
        let stamp = Timestamp.text(at)
        let hash = AuditChain.hash(
            previous: previous, at: stamp, actor: actor, action: action, target: target, detail: detail, digest: digest)
        try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, target, detail, previous_hash, hash, chain)
            VALUES (\(stamp), \(actor), \(action), \(target), \(detail), \(previous), \(hash),
                \(AuditChain.currentScheme))
            """, logger: logger)
    }

    public func auditLog() async throws -> [AuditEntry] {
        try await read { connection in
            var entries: [AuditEntry] = []
            for try await (id, at, actor, action, target, detail) in try await connection.query(
                "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id", logger: logger
            ).decode((Int64, String, String, String, String, String).self) {
                entries.append(
                    AuditEntry(
                        id: id, at: Self.date(stored: at), actor: actor, action: action, target: target,
                        detail: detail))
            }
            return entries
        }
    }

    public func lastAuditID() async throws -> Int64 {
        try await read { connection in
            for try await id in try await connection.query(
                "SELECT COALESCE(MAX(id), 0)::BIGINT FROM audit_log", logger: logger
            ).decode(Int64.self) {
                return id
            }
            return 0
        }
    }

    public func firstBrokenAuditRow() async throws -> Int64? {
        try await read { connection in
            var previous = AuditChain.genesis
            var previousScheme = 1
            for try await (id, at, actor, action, target, detail, previousHash, hash, scheme)
                in try await connection
                .query(
                    """
                    SELECT id, at, actor, action, target, detail, previous_hash, hash, chain FROM audit_log ORDER BY id
                    """, logger: logger
                ).decode((Int64, String, String, String, String, String, String, String, Int).self)
            {
                let expected = AuditChain.hash(
                    previous: previous, at: at, actor: actor, action: action, target: target, detail: detail,
                    scheme: scheme, digest: digest)
                guard AuditChain.mayFollow(scheme, after: previousScheme), previousHash == previous, hash == expected
                else { return id }
                previous = hash
                previousScheme = scheme
            }
            return nil
        }
    }

    /// The date a stored `Timestamp` text stands for.
    static func date(stored text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }
}
