/* gdelt.h — GDELT 2.0 Event export lines and GKG 2.1 records.
 *
 * Written as the GDELT codebooks lay them out, so tools that read GDELT files
 * read dyad's: Event 2.0 has 61 tab-separated columns, GKG 2.1 has 27 with
 * their inner delimiters (';' between items, '#' or ',' inside them).  The
 * column lists are in gdelt.c.  Where dyad's data differs from GDELT's it
 * says so there (FeatureID is a GeoNames id, not a GNS/GNIS one; GCAM
 * carries the word count only; the quotation speaker, which GDELT does not
 * have, goes to V2EXTRASXML). */
#ifndef DYAD_GDELT_H
#define DYAD_GDELT_H
#include "kg/kg.h"
#include <stdio.h>

/* The events of one article; identical (source, target, code) events are
 * one line with NumMentions = how often the article reports it.  doc gives
 * locations and tone (dy_kg_analyze on the same article).  Returns 0 or -1. */
int dy_write_gdelt_events(FILE *f, const dy_kg *kg, const dyad_article *a, const dyad_event *ev, int n,
                          const dy_kg_doc *doc);
/* One GKG 2.1 record; seq numbers the records of the run (GKGRECORDID
 * "YYYYMMDDHHMMSS-seq").  Returns 0 or -1. */
int dy_write_gkg(FILE *f, const dy_kg *kg, const dyad_article *a, const dy_kg_doc *doc, long seq);
#endif
