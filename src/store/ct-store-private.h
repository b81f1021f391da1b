/* ct-store-private.h — for tests only: the schema steps, to build caches of every earlier version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

/* Applies the schema steps from version @from to @to, each in its own transaction; an SQLite
 * result code. */
int ct_store_private_migrate(sqlite3 *db, int from, int to);
