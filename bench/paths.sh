# The concrete paths of the route table's GET patterns on a demo database, shared by the
# benchmarks that visit every route (sourced from the project root; needs sqlite3).
# bench_ids DB sets the ids the paths use; path_of PATTERN UNIT prints the path of PATTERN for
# a caller whose lists and statistics are of UNIT, or nothing when the demo has no record for it.

# one value from the demo database, or "" when the query finds none
bench_q() { sqlite3 "$1" "$2" 2>/dev/null || true; }

bench_ids() {
    local db=$1
    # the key task with the most sub-tasks, a busy opinion: the records a page costs most for
    task=$(bench_q "$db" "SELECT parent_id FROM task WHERE parent_id IS NOT NULL GROUP BY parent_id
                          ORDER BY count(*) DESC, parent_id LIMIT 1")
    [ -n "$task" ] || task=$(bench_q "$db" "SELECT min(id) FROM task")
    opinion=$(bench_q "$db" "SELECT opinion_id FROM problem_opinion GROUP BY opinion_id
                             ORDER BY count(*) DESC LIMIT 1")
    [ -n "$opinion" ] || opinion=$(bench_q "$db" "SELECT min(id) FROM opinion")
    closed=$(bench_q "$db" "SELECT min(id) FROM evaluation WHERE state = 'closed'")
    open=$(bench_q "$db" "SELECT min(id) FROM evaluation WHERE state = 'open'")
    report=$(bench_q "$db" "SELECT owner_id || '/' || part_id FROM attachment
                            WHERE owner = 'evaluation' LIMIT 1")
    code=$(bench_q "$db" "SELECT eval_id || '/codes/' || code FROM evaluation_code LIMIT 1")
    exam=$(bench_q "$db" "SELECT min(id) FROM exam")
    campaign=$(bench_q "$db" "SELECT min(id) FROM campaign")
    person=$(bench_q "$db" "SELECT min(id) FROM person")
    class=$(bench_q "$db" "SELECT min(id) FROM training_class")
    sup=$(bench_q "$db" "SELECT min(id) FROM supervision")
    task_file=$(bench_q "$db" "SELECT min(id) FROM attachment WHERE owner = 'task'")
    opinion_file=$(bench_q "$db" "SELECT min(id) FROM attachment WHERE owner = 'opinion'")
    rule=$(bench_q "$db" "SELECT min(id) FROM rule")
    commendation=$(bench_q "$db" "SELECT min(id) FROM commendation")
    contest=$(bench_q "$db" "SELECT min(id) FROM contest")
    essay=$(bench_q "$db" "SELECT min(id) FROM essay")
    research=$(bench_q "$db" "SELECT min(id) FROM research")
    case_id=$(bench_q "$db" "SELECT min(id) FROM discipline")
    activity=$(bench_q "$db" "SELECT min(id) FROM activity")
    survey=$(bench_q "$db" "SELECT max(id) FROM survey WHERE state = 'closed'")
    survey_open=$(bench_q "$db" "SELECT max(id) FROM survey WHERE state = 'open'")
    instruction=$(bench_q "$db" "SELECT min(id) FROM instruction")
    notice=$(bench_q "$db" "SELECT min(id) FROM notice")
    period_report=$(bench_q "$db" "SELECT min(id) FROM report")
}

path_of() {
    local u=$2
    case $1 in
        /attachments/{}) [ -n "$task_file" ] && echo "/attachments/$task_file" ;;
        /api/v1/evaluations/{}|/api/v1/evaluations/{}/codes|/evaluations/{}|/evaluations/{}/codes)
            echo "${1/\{\}/$closed}" ;;
        /api/v1/evaluations/{}/results|/evaluations/{}/results|/evaluations/{}/results.xlsx)
            echo "${1/\{\}/$closed}" ;;
        /evaluations/{}/codes/{}) [ -n "$code" ] && echo "/evaluations/$code" ;; # id/codes/CODE
        /evaluations/{}/reports/{}) [ -n "$report" ] && echo "/evaluations/$report" ;;
        /vote/{}) [ -n "$open" ] && echo "/vote/$open" ;;
        /api/v1/exams/{}/paper) ;; # a paper is the examinee's own: the admin sits no exam
        /api/v1/stats/exams/{}) echo "/api/v1/stats/exams/$exam?unit=$u" ;;
        */exams/{}*) echo "${1/\{\}/$exam}" ;;
        /api/v1/public/opinions/{}|/answer/{}) ;; # known only to the one who holds the code
        /api/v1/tasks/{}|/tasks/{}) echo "${1/\{\}/$task}" ;;
        /api/v1/units/{}*|/units/{}) echo "${1/\{\}/$u}" ;;
        /campaigns/{}|/api/v1/campaigns/{}) echo "${1/\{\}/$campaign}" ;;
        /opinions/attachments/{}) [ -n "$opinion_file" ] && echo "/opinions/attachments/$opinion_file" ;;
        /opinions/{}) echo "/opinions/$opinion" ;;
        /persons/{}) echo "/persons/$person" ;;
        /results/{}) echo "/results/$u" ;;
        /static/{}) echo "/static/style.css" ;;
        /templates/{}/import.xlsx) echo "/templates/tasks/import.xlsx" ;;
        /supervision/{}) [ -n "$sup" ] && echo "/supervision/$sup" ;;
        /training/{}) echo "/training/$class" ;;
        /activities/{}|/api/v1/activities/{}) [ -n "$activity" ] && echo "${1/\{\}/$activity}" ;;
        /surveys/{}/answer) [ -n "$survey_open" ] && echo "/surveys/$survey_open/answer" ;;
        /surveys/{}/tallies/{}) [ -n "$survey_open" ] && echo "/surveys/$survey_open/tallies/$u" ;;
        /surveys/{}*|/api/v1/surveys/{}*) [ -n "$survey" ] && echo "${1/\{\}/$survey}" ;;
        /instructions/{}|/api/v1/instructions/{}) [ -n "$instruction" ] && echo "${1/\{\}/$instruction}" ;;
        /notices/{}) [ -n "$notice" ] && echo "/notices/$notice" ;;
        /reports/{}/units/{}|/api/v1/reports/{}/units/{})
            [ -n "$period_report" ] && echo "${1%%/{\}*}/$period_report/units/$u" ;;
        /reports/{}*|/api/v1/reports/{}) [ -n "$period_report" ] && echo "${1/\{\}/$period_report}" ;;
        /essays/{}/file) [ -n "$essay" ] && echo "/essays/$essay/file" ;;
        /research/{}/file) [ -n "$research" ] && echo "/research/$research/file" ;;
        /api/v1/persons|/api/v1/opinions|/api/v1/stats*|/api/v1/training|/api/v1/questions)
            echo "$1?unit=$u" ;;
        /api/v1/asks|/asks|/api/v1/summary*|/api/v1/indicators|/indicators|/registries)
            echo "$1?unit=$u" ;;
        /api/v1/search|/search) echo "$1?q=%E5%B9%B2%E9%83%A8&unit=$u" ;;
        /tasks|/opinions|/rectification|/problems|/tasks/rollup|/opinions/batch) echo "$1?unit=$u" ;;
        /tasks/export.*|/opinions/export.*|/rectification/export.*) echo "$1?unit=$u" ;;
        /api/v1/rules|/api/v1/commendations|/api/v1/contests|/api/v1/media|/api/v1/meetings|/api/v1/research|/api/v1/discipline)
            echo "$1?unit=$u&subtree=1" ;;
        /rules/public/{}) echo "/rules/public/$u" ;;
        /rules/{}|/api/v1/rules/{}) echo "${1/\{\}/$rule}" ;;
        /commendations/{}) echo "/commendations/$commendation" ;;
        /contests/{}|/contests/{}/review|/api/v1/contests/{}) echo "${1/\{\}/$contest}" ;;
        /research/{}|/api/v1/research/{}) echo "${1/\{\}/$research}" ;;
        /discipline/{}|/api/v1/discipline/{}) echo "${1/\{\}/$case_id}" ;;
        *{}*) ;;
        *) echo "$1" ;;
    esac
    return 0
}
