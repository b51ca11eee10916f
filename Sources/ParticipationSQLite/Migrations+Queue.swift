import Foundation
import GRDB
import Legislation

extension ParticipationDatabase {
    /// The rapporteur's queue: one entry per promoted text of an amendment, the opinion and
    /// decision on each queued amendment, the rapporteurs of each bill, and the bill's count of
    /// participants kept by triggers so that a share criterion costs no count in a vote.
    static func migrateQueue(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE billVoter (
                    billSlug TEXT NOT NULL, accountId TEXT NOT NULL, ballots INTEGER NOT NULL,
                    PRIMARY KEY (billSlug, accountId)) WITHOUT ROWID;
                CREATE TABLE billVoterCount (billSlug TEXT PRIMARY KEY, voters INTEGER NOT NULL);
                INSERT INTO billVoter SELECT billSlug, accountId, COUNT(*) FROM vote GROUP BY billSlug, accountId;
                INSERT INTO billVoterCount SELECT billSlug, COUNT(*) FROM billVoter GROUP BY billSlug;
                CREATE TRIGGER voteInsertedVoter AFTER INSERT ON vote BEGIN
                    INSERT INTO billVoter (billSlug, accountId, ballots) VALUES (NEW.billSlug, NEW.accountId, 1)
                    ON CONFLICT (billSlug, accountId) DO UPDATE SET ballots = ballots + 1;
                END;
                CREATE TRIGGER voteDeletedVoter AFTER DELETE ON vote BEGIN
                    UPDATE billVoter SET ballots = ballots - 1
                    WHERE billSlug = OLD.billSlug AND accountId = OLD.accountId;
                    DELETE FROM billVoter WHERE billSlug = OLD.billSlug AND accountId = OLD.accountId AND ballots <= 0;
                END;
                CREATE TRIGGER billVoterInserted AFTER INSERT ON billVoter BEGIN
                    INSERT INTO billVoterCount (billSlug, voters) VALUES (NEW.billSlug, 1)
                    ON CONFLICT (billSlug) DO UPDATE SET voters = voters + 1;
                END;
                CREATE TRIGGER billVoterDeleted AFTER DELETE ON billVoter BEGIN
                    UPDATE billVoterCount SET voters = voters - 1 WHERE billSlug = OLD.billSlug;
                END;
                CREATE TABLE queueEntry (
                    billSlug TEXT NOT NULL, number INTEGER NOT NULL, revision TEXT NOT NULL,
                    promotedAt DATETIME NOT NULL, supports INTEGER NOT NULL, oppositions INTEGER NOT NULL,
                    abstentions INTEGER NOT NULL, participants INTEGER NOT NULL, rule TEXT NOT NULL,
                    stamp TEXT NOT NULL,
                    PRIMARY KEY (billSlug, number, revision),
                    FOREIGN KEY (billSlug, number) REFERENCES amendment (billSlug, number) ON DELETE CASCADE);
                CREATE TABLE queueReview (
                    billSlug TEXT NOT NULL, number INTEGER NOT NULL,
                    opinion TEXT, opinionComment TEXT NOT NULL DEFAULT '', opinionBy TEXT, opinionAt DATETIME,
                    decision TEXT CHECK (decision IN ('adopted', 'rejected', 'withdrawn')), decisionBy TEXT,
                    decisionAt DATETIME,
                    PRIMARY KEY (billSlug, number),
                    FOREIGN KEY (billSlug, number) REFERENCES amendment (billSlug, number) ON DELETE CASCADE);
                CREATE TABLE rapporteur (
                    billSlug TEXT NOT NULL, accountId TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL, PRIMARY KEY (billSlug, accountId));
                ALTER TABLE billParticipation ADD COLUMN promotedAtClose DATETIME;
                """)
    }
}
