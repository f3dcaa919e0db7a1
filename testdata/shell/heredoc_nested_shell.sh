su - app -c "cd ~/site && bundle install --jobs 4"
sh -c 'apt-get update && apt-get install -y jq' || echo "jq missing" >&2
for tool in kubectl helm; do
  curl -fsSLo "/usr/local/bin/${tool}" "https://get.example.com/${tool}" && chmod +x "/usr/local/bin/${tool}"
done
bash <<'INNER'
yum install -y nginx && yum clean all
INNER
