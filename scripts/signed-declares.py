# A wrk Lua script POSTing signed /incident commands to /slack/commands, as tocsin-bench's ack does:
#   signed-declares.py <count> [text]   count distinct bodies (trigger_id differs), signed now with the bench's secret
#   signed-declares.py 0 help           one body sent again and again
import hmac, hashlib, time, random, sys, urllib.parse
count=int(sys.argv[1]); text=sys.argv[2] if len(sys.argv)>2 else "declare SEV2 search Latency benchmark"
secret=b"5e1f7c0a9b3d4e6f8a2c4b6d8e0f1a3c"
ts=int(time.time())
trig="%d.%d.%s." % (random.randint(10**9,10**11), random.randint(10**8,10**9-1), "%019x" % random.getrandbits(76))
fields=[("token","legacy"),("team_id","T0SANDBOX"),("team_domain","tocsin-sandbox"),("channel_id","C0GENERAL"),("channel_name","general"),("user_id","U01PAYLEAD"),("user_name","bench"),("command","/incident"),("text",text),("api_app_id","A0TOCSIN"),("is_enterprise_install","false"),("response_url","https://hooks.slack.com/commands/T0SANDBOX/1/abc"),("trigger_id",trig)]
stem="&".join(k+"="+urllib.parse.quote(v,safe="") for k,v in fields)
def sig(body): return hmac.new(secret,("v0:%d:%s"%(ts,body)).encode(),hashlib.sha256).hexdigest()
if count==0:
    print('wrk.method = "POST"\nwrk.body = "%s"\nwrk.headers["Content-Type"]="application/x-www-form-urlencoded"\nwrk.headers["X-Slack-Request-Timestamp"]="%d"\nwrk.headers["X-Slack-Signature"]="v0=%s"' % (stem+"1",ts,sig(stem+"1")))
    sys.exit()
sigs="".join(sig(stem+str(i)) for i in range(1,count+1))
print('''wrk.method = "POST"
wrk.headers["Content-Type"]="application/x-www-form-urlencoded"
wrk.headers["X-Slack-Request-Timestamp"]="%d"
local prefix = "%s"
local signatures = [[%s]]
local count = %d
local nextIndex = 1
request = function()
  local index = nextIndex
  nextIndex = nextIndex + 1
  if index > count then index = ((index - 1) %% count) + 1 end
  wrk.headers["X-Slack-Signature"] = "v0=" .. string.sub(signatures, (index - 1) * 64 + 1, index * 64)
  return wrk.format(nil, nil, nil, prefix .. index)
end''' % (ts, stem, sigs, count))
