#!/usr/bin/env python3
"""Proves that the load run lost nothing (bench, not a test): every answer the server confirmed
with 204 is stored as given (mapped through the examinee's own option order), the count of
stored answers equals the count of 204s, and every score the server returned on submit equals a
regrade from the stored answers and the bank, and equals the stored score.

usage: verify.py DB EXAM_ID OUT_DIR   (OUT_DIR holds answers.txt and scores.txt from loadgen)
"""
import sqlite3
import sys

db, exam, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
items = {}  # (login, question) -> (shown, choice)
for login, qid, shown, choice in con.execute(
        "SELECT a.login, i.question_id, i.shown, i.choice FROM sitting s"
        " JOIN account a ON a.id = s.account_id JOIN sitting_item i ON i.sitting_id = s.id"
        " WHERE s.exam_id = ?", (exam,)):
    items[(login, qid)] = (shown, choice)
bad = 0
n_answers = 0
for line in open(f"{out}/answers.txt", encoding="utf-8"):
    login, qid, pos = line.split()
    n_answers += 1
    shown, choice = items.get((login, int(qid)), (None, None))
    if shown is None or choice != 1 << int(shown[int(pos)]):
        bad += 1
        if bad <= 5:
            print(f"LOST: {login} question {qid} position {pos}: stored {choice} shown {shown}")
stored = con.execute("SELECT count(*) FROM sitting s JOIN sitting_item i ON i.sitting_id = s.id"
                     " WHERE s.exam_id = ? AND i.choice IS NOT NULL", (exam,)).fetchone()[0]
answer = dict(con.execute("SELECT id, answer FROM question"))
regrade = {}
stored_score = {}
for login, sid, score in con.execute(
        "SELECT a.login, s.id, s.score FROM sitting s JOIN account a ON a.id = s.account_id"
        " WHERE s.exam_id = ? AND s.state <> 'open'", (exam,)):
    rows = con.execute("SELECT question_id, choice FROM sitting_item WHERE sitting_id = ?",
                       (sid,)).fetchall()
    right = sum(1 for q, c in rows if c is not None and c == answer[q])
    regrade[login] = int(1000 * right / len(rows) + 0.5) / 10
    stored_score[login] = score
n_scores = 0
for line in open(f"{out}/scores.txt", encoding="utf-8"):
    login, score = line.split()
    n_scores += 1
    if login not in regrade or abs(regrade[login] - float(score)) > 0.05 or \
            abs(stored_score[login] - float(score)) > 0.05:
        bad += 1
        if bad <= 10:
            print(f"SCORE: {login} returned {score}, regrade {regrade.get(login)},"
                  f" stored {stored_score.get(login)}")
print(f"answers confirmed 204: {n_answers}; stored: {stored}; scores returned: {n_scores};"
      f" graded sittings: {len(regrade)}; mismatches: {bad}")
if stored != n_answers:
    print("MISMATCH: the count of stored answers differs from the 204s")
    bad += 1
sys.exit(1 if bad else 0)
