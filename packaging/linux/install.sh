#!/usr/bin/env bash
# Install annotator into the desktop of the current user: menu entry, icon, software-centre metadata and
# the *.annotator file type, so that a project opens on double-click. Nothing needs root.
#
#   bash packaging/linux/install.sh                      # for the `annotator` on PATH (pipx, pip --user)
#   bash packaging/linux/install.sh --bundle dist/annotator
#                                                        # copy the frozen app to ~/.local/opt/annotator
#                                                        # and link it as ~/.local/bin/annotator
#   bash packaging/linux/install.sh --uninstall          # remove all of the above (never the projects)
#
# Files go under $XDG_DATA_HOME (default ~/.local/share): applications/, metainfo/, mime/packages/ and
# icons/hicolor/. `make install-desktop` and `make install-bundle` run this script.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/annotator
bin=$HOME/.local/bin
bundle=""
uninstall=false

while [ $# -gt 0 ]; do
    case $1 in
        --bundle) bundle=${2:?--bundle needs the folder that PyInstaller built}; shift 2 ;;
        --uninstall) uninstall=true; shift ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

icons=$data/icons/hicolor
files=(
    "$data/applications/annotator.desktop"
    "$data/metainfo/local.annotator.annotator.metainfo.xml"
    "$data/mime/packages/annotator.xml"
    "$icons/scalable/apps/annotator.svg"
)
for png in "$root"/resources/icons/hicolor/*/apps/annotator.png; do
    files+=("$icons/${png#"$root"/resources/icons/hicolor/}")
done

refresh() {  # rebuild the caches that desktops read; each tool is optional
    if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$data/applications"; fi
    if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t -f "$icons" || true; fi
}

if $uninstall; then
    rm -f "${files[@]}"
    if [ -L "$bin/annotator" ] && [ "$(readlink "$bin/annotator")" = "$opt/annotator" ]; then
        rm -f "$bin/annotator"
    fi
    rm -rf "$opt"
    refresh
    echo "annotator removed from the desktop (projects in $data/annotator are kept)"
    exit 0
fi

if [ -n "$bundle" ]; then
    [ -x "$bundle/annotator" ] || { echo "install.sh: $bundle/annotator is not the frozen app" >&2; exit 1; }
    rm -rf "$opt"
    mkdir -p "$(dirname "$opt")" "$bin"
    cp -a "$bundle" "$opt"
    ln -sfn "$opt/annotator" "$bin/annotator"
    exe=$opt/annotator
    echo "copied $bundle to $opt and linked $bin/annotator"
elif exe=$(command -v annotator); then
    exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
else
    echo "install.sh: no annotator on PATH; install it first (pipx install .) or pass --bundle DIR" >&2
    exit 1
fi

mkdir -p "$data/applications" "$data/metainfo" "$data/mime/packages" "$icons/scalable/apps"
# The menu entry runs this very executable, so it works even when ~/.local/bin is not on PATH. Exec takes
# a quoted argument with \ " ` $ escaped, and every backslash doubled again by the key-value format.
arg=${exe//\\/\\\\\\\\}
arg=${arg//\"/\\\"}
arg=${arg//\`/\\\`}
arg=${arg//\$/\\\$}
arg=${arg//%/%%}
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s" %%f\n' "$arg" ;;
        TryExec=*) printf 'TryExec=%s\n' "$exe" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/annotator.desktop" >"$data/applications/annotator.desktop"
cp "$here/annotator.metainfo.xml" "$data/metainfo/local.annotator.annotator.metainfo.xml"
cp "$here/annotator-mime.xml" "$data/mime/packages/annotator.xml"
cp "$root/resources/icons/annotator.svg" "$icons/scalable/apps/annotator.svg"
for png in "$root"/resources/icons/hicolor/*/apps/annotator.png; do
    dest=$icons/${png#"$root"/resources/icons/hicolor/}
    mkdir -p "$(dirname "$dest")"
    cp "$png" "$dest"
done
refresh
# Make annotator the default for its own file type (the desktop may otherwise pick an SQLite browser).
if command -v xdg-mime >/dev/null; then
    xdg-mime default annotator.desktop application/x-annotator-project || true
fi
echo "installed the annotator menu entry, icon and *.annotator file type into $data (runs $exe)"
