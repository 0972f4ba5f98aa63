/* String-keyed hash map (open addressing, linear probing). Keys are borrowed:
 * they must live as long as their entry, typically inside the value. */
#ifndef DD_MOCK_MAP_H
#define DD_MOCK_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct mock_map_slot {
    const char *key;
    void *val;
    uint64_t hash; /* kept so that growing and probing skip rehashing */
} mock_map_slot;

typedef struct mock_map {
    mock_map_slot *slots;
    size_t cap; /* power of two, or 0 */
    size_t len;
} mock_map;

void map_free(mock_map *m);
void *map_get(const mock_map *m, const char *key);
/* Inserts or replaces; returns 0, or -1 when out of memory. */
int map_put(mock_map *m, const char *key, void *val);
/* Removes the key if present; returns its value or NULL. */
void *map_del(mock_map *m, const char *key);

#endif
