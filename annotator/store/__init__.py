"""The SQLite project file, through sqlite-utils: schema versions, migrations, the repository. No Qt."""
