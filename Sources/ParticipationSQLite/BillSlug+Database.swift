import GRDB
import Legislation

/// A bill's slug is stored as its text; one read back that no longer validates is no slug.
extension BillSlug: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { value.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> BillSlug? {
        String.fromDatabaseValue(dbValue).flatMap(BillSlug.init)
    }
}
