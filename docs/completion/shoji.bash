# bash completion for shoji, shoji ctl and shoji compare (installed as
# share/bash-completion/completions/shoji).

_shoji_ctl() {
    local cur=$1 prev=$2 i cmd=""
    # The command: the first word after "ctl" that is not --socket or its value.
    for ((i = 2; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --socket) ((i++)) ;;
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; [[ ($cmd == wait || $cmd == output) && $((i + 1)) -lt COMP_CWORD ]] && cmd="$cmd ${COMP_WORDS[i + 1]}"; break ;;
        esac
    done
    case $prev in
        --socket | --app-id | --title | --timeout | --quiet | --count | --window | --output | --size | --scale | --refresh | --at) return ;;
        --button) COMPREPLY=($(compgen -W "left middle right" -- "$cur")); return ;;
    esac
    case $cmd in
        "") COMPREPLY=($(compgen -W "--socket --help windows wait pointer click scroll key type focus close screenshot output quit" -- "$cur")) ;;
        wait) COMPREPLY=($(compgen -W "window idle" -- "$cur")) ;;
        output) COMPREPLY=($(compgen -W "list add remove set" -- "$cur")) ;;
        "output list") COMPREPLY=($(compgen -W "--json" -- "$cur")) ;;
        "output set") COMPREPLY=($(compgen -W "--size --scale --refresh --at" -- "$cur")) ;;
        windows) COMPREPLY=($(compgen -W "--json" -- "$cur")) ;;
        "wait window") COMPREPLY=($(compgen -W "--app-id --title --timeout" -- "$cur")) ;;
        "wait idle") COMPREPLY=($(compgen -W "--quiet --timeout" -- "$cur")) ;;
        pointer | scroll) COMPREPLY=($(compgen -W "--window" -- "$cur")) ;;
        click) COMPREPLY=($(compgen -W "--window --button --count" -- "$cur")) ;;
        screenshot) [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--window --output" -- "$cur")) || COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}

_shoji() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} i
    if [[ ${COMP_WORDS[1]} == ctl && $COMP_CWORD -gt 1 ]]; then
        _shoji_ctl "$cur" "$prev"
        return
    fi
    if [[ ${COMP_WORDS[1]} == compare && $COMP_CWORD -gt 1 ]]; then
        case $prev in
            --tolerance | --max-pixels) return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--tolerance --max-pixels --diff --help" -- "$cur"))
        else
            COMPREPLY=($(compgen -f -X '!*.[pP][nN][gG]' -- "$cur") $(compgen -d -- "$cur"))
        fi
        return
    fi
    # After "--": the command and its arguments.
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == -- ]]; then
            if ((i + 1 == COMP_CWORD)); then
                COMPREPLY=($(compgen -c -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            return
        fi
    done
    case $prev in
        --backend) COMPREPLY=($(compgen -W "headless wayland x11 auto" -- "$cur")); return ;;
        --until) COMPREPLY=($(compgen -W "idle idle=" -- "$cur")); return ;;
        --screenshot | --events) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --damage-frames) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --size | --scale | --refresh | --output | --screenshot-output | --socket | --timeout | --ready-fd) return ;;
    esac
    local opts="--backend --size --scale --refresh --output --socket --screenshot --screenshot-output --trace --events --damage-frames --allow-empty --until --timeout --no-data-control --xwayland --ready-fd -v --verbose -h --help --version --"
    if ((COMP_CWORD == 1)) && [[ $cur != -* ]]; then
        COMPREPLY=($(compgen -W "compare ctl" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    fi
}

complete -F _shoji shoji
